package org.homelab.rollout.rehearsal.proxmox;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import org.homelab.rollout.rehearsal.GuestCommand;
import org.homelab.rollout.rehearsal.Latency;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProxmoxLabGuestCommandTests {

	/**
	 * Stands in for a service installer: remembers where it was installed and takes
	 * "proxmox.install" long.
	 */
	static final class VaultInstaller implements GuestCommand {

		final List<InetAddress> installedAt = new CopyOnWriteArrayList<>();

		@Override
		public boolean handles(List<String> argv) {
			return argv.get(0).equals("install-vault");
		}

		@Override
		public Result run(Guest guest, List<String> argv, String stdin) {
			this.installedAt.add(guest.address());
			guest.files().put("/etc/vault.d/vault.hcl", "listener {}".getBytes());
			return new Result(0, "vault installed on " + guest.name() + "\n", "", "proxmox.install");
		}

	}

	@Test
	void registeredCommandRunsInsideScriptsAndKeepsTheProcessRunningForItsLatency() {
		VaultInstaller installer = new VaultInstaller();
		ProxmoxLabSettings settings = ProxmoxLabSettings.defaults()
			.withLatency(new Latency(0.005, Map.of("proxmox.install", 100.0)))
			.withGuestCommands(List.of(installer));
		try (ProxmoxLab lab = new ProxmoxLab(settings)) {
			lab.start();
			PveClient pve = PveClient.trusting(lab);
			pve.waitFor(pve.post("/nodes/pve/qemu/9000/clone", "newid", "140", "name", "vault").data().asText());
			pve.waitFor(pve.post("/nodes/pve/qemu/140/status/start").data().asText());
			for (int i = 0; i < 500 && pve.post("/nodes/pve/qemu/140/agent/ping").code() != 200; i++) {
				PveClient.sleep(10);
			}
			int pid = pve
				.post("/nodes/pve/qemu/140/agent/exec", "command", "/bin/sh", "command", "-c", "command",
						"install-vault && test -f /etc/vault.d/vault.hcl && echo ready")
				.data()
				.path("pid")
				.asInt();
			JsonNode running = status(pve, 140, pid);
			assertThat(running.path("exited").asInt()).isZero();
			assertThat(running.has("exitcode")).isFalse();
			PveClient.sleep(700);
			JsonNode done = status(pve, 140, pid);
			assertThat(done.path("exited").asInt()).isEqualTo(1);
			assertThat(done.path("exitcode").asInt()).isZero();
			assertThat(done.path("out-data").asText()).isEqualTo("vault installed on vault\nready\n");
			assertThat(installer.installedAt).singleElement()
				.extracting(InetAddress::getHostAddress)
				.isEqualTo(lab.vm(140).orElseThrow().address());
		}
	}

	@Test
	void guestTimeCountsEachCommandFromItsExecCallForItsLatency() {
		ProxmoxLabSettings settings = ProxmoxLabSettings.defaults()
			.withLatency(new Latency(0.005, Map.of("proxmox.install", 100.0)))
			.withGuestCommands(List.of(new VaultInstaller()));
		try (ProxmoxLab lab = new ProxmoxLab(settings)) {
			lab.start();
			PveClient pve = PveClient.trusting(lab);
			pve.waitFor(pve.post("/nodes/pve/qemu/9000/clone", "newid", "142", "name", "timed").data().asText());
			pve.waitFor(pve.post("/nodes/pve/qemu/142/status/start").data().asText());
			for (int i = 0; i < 500 && pve.post("/nodes/pve/qemu/142/agent/ping").code() != 200; i++) {
				PveClient.sleep(10);
			}
			Instant before = Instant.now();
			pve.post("/nodes/pve/qemu/142/agent/exec", "command", "install-vault");
			Instant after = Instant.now();

			// exec 0.005 s + install 0.5 s, counted from the exec call on, plus what the
			// lab took to run it (in a guest the command's own time)
			Duration call = Duration.between(before, after);
			assertThat(lab.guestTime(142)).isBetween(Duration.ofMillis(505), Duration.ofMillis(505).plus(call));
			assertThat(lab.guestTime(142, before)).isZero();
			Duration into = Duration.ofMillis(200);
			assertThat(lab.guestTime(142, after.plus(into))).isBetween(into, into.plus(call));
			assertThat(lab.guestTime(142, after.plusSeconds(5))).isEqualTo(lab.guestTime(142));
			assertThat(lab.guestTime(999)).isZero();
		}
	}

	/**
	 * An install still running (a cancelled run's script) holds dpkg's lock: another
	 * apt-get fails at once as on Debian, unless it waits with DPkg::Lock::Timeout; then
	 * it finishes after the first.
	 */
	@Test
	void aptHoldsDpkgsLockUntilItsProcessExitsAndASecondAptFailsOrWaits() {
		GuestCommand apt = new GuestCommand() {

			@Override
			public boolean handles(List<String> argv) {
				return argv.get(0).equals("apt-get") && argv.contains("install");
			}

			@Override
			public Result run(Guest guest, List<String> argv, String stdin) {
				return new Result(0, "Setting up pkg ...\n", "", "proxmox.install");
			}

		};
		ProxmoxLabSettings settings = ProxmoxLabSettings.defaults()
			.withLatency(new Latency(0.005, Map.of("proxmox.install", 100.0)))
			.withGuestCommands(List.of(apt));
		try (ProxmoxLab lab = new ProxmoxLab(settings)) {
			lab.start();
			PveClient pve = PveClient.trusting(lab);
			pve.waitFor(pve.post("/nodes/pve/qemu/9000/clone", "newid", "143", "name", "apt").data().asText());
			pve.waitFor(pve.post("/nodes/pve/qemu/143/status/start").data().asText());
			for (int i = 0; i < 500 && pve.post("/nodes/pve/qemu/143/agent/ping").code() != 200; i++) {
				PveClient.sleep(10);
			}
			int first = exec(pve, 143, "set -e\napt-get install -y pkg\n");
			int refused = exec(pve, 143, "set -e\napt-get install -y pkg\necho after\n");
			int waiting = exec(pve, 143, "set -e\napt-get -o DPkg::Lock::Timeout=60 install -y pkg\n");
			PveClient.sleep(100);
			JsonNode lost = status(pve, 143, refused);
			assertThat(lost.path("exitcode").asInt()).isEqualTo(100);
			assertThat(lost.path("err-data").asText()).startsWith(
					"E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process " + first + " (apt-get)");
			assertThat(lost.has("out-data")).isFalse();
			PveClient.sleep(500);
			assertThat(status(pve, 143, first).path("exitcode").asInt()).isZero();
			assertThat(status(pve, 143, waiting).path("exited").asInt()).as("waits for the first, then installs")
				.isZero();
			PveClient.sleep(600);
			assertThat(status(pve, 143, waiting).path("exitcode").asInt()).isZero();
		}
	}

	private static int exec(PveClient pve, int vmid, String script) {
		return pve.post("/nodes/pve/qemu/" + vmid + "/agent/exec", "command", "bash", "input-data", script)
			.data()
			.path("pid")
			.asInt();
	}

	@Test
	void execPassesInputDataAsStdin() {
		try (ProxmoxLab lab = new ProxmoxLab()) {
			lab.start();
			PveClient pve = PveClient.trusting(lab);
			pve.waitFor(pve.post("/nodes/pve/qemu/9000/clone", "newid", "141", "name", "stdin").data().asText());
			pve.waitFor(pve.post("/nodes/pve/qemu/141/status/start").data().asText());
			for (int i = 0; i < 500 && pve.post("/nodes/pve/qemu/141/agent/ping").code() != 200; i++) {
				PveClient.sleep(10);
			}
			int pid = pve
				.post("/nodes/pve/qemu/141/agent/exec", "command", "bash", "input-data",
						"cat > /root/note <<'EOF'\nline one\nEOF\ngrep -q one /root/note && cat /root/note\n")
				.data()
				.path("pid")
				.asInt();
			PveClient.sleep(100);
			JsonNode done = status(pve, 141, pid);
			assertThat(done.path("exitcode").asInt()).isZero();
			assertThat(done.path("out-data").asText()).isEqualTo("line one\n");
		}
	}

	@Test
	void errexitStopsScriptsAtTheFirstFailureAndSurvivesPipefail() {
		try (ProxmoxLab lab = new ProxmoxLab()) {
			lab.start();
			PveClient pve = PveClient.trusting(lab);
			pve.waitFor(pve.post("/nodes/pve/qemu/9000/clone", "newid", "142", "name", "strict").data().asText());
			pve.waitFor(pve.post("/nodes/pve/qemu/142/status/start").data().asText());
			for (int i = 0; i < 500 && pve.post("/nodes/pve/qemu/142/agent/ping").code() != 200; i++) {
				PveClient.sleep(10);
			}
			int pid = pve
				.post("/nodes/pve/qemu/142/agent/exec", "command", "bash", "command", "-c", "command",
						"set -eu\nset -o pipefail\necho one\ncat /missing\necho two")
				.data()
				.path("pid")
				.asInt();
			PveClient.sleep(100);
			JsonNode done = status(pve, 142, pid);
			assertThat(done.path("exitcode").asInt()).isEqualTo(1);
			assertThat(done.path("out-data").asText()).isEqualTo("one\n");
			assertThat(done.path("err-data").asText()).isEqualTo("cat: /missing: No such file or directory\n");
		}
	}

	private static JsonNode status(PveClient pve, int vmid, int pid) {
		return pve.get("/nodes/pve/qemu/" + vmid + "/agent/exec-status", "pid", String.valueOf(pid)).data();
	}

}
