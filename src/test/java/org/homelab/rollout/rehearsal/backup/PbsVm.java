package org.homelab.rollout.rehearsal.backup;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import okhttp3.OkHttpClient;
import org.homelab.rollout.backup.PbsCredentials;
import org.homelab.rollout.backup.PbsEndpoint;
import org.homelab.rollout.backup.ProxmoxBackupClients;
import org.homelab.rollout.backup.ProxmoxBackupOperations;
import org.homelab.rollout.rehearsal.Contracts;
import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.Latency;
import org.homelab.rollout.rehearsal.RequestJournal;
import org.homelab.rollout.rehearsal.proxmox.ProxmoxLab;
import org.homelab.rollout.rehearsal.proxmox.ProxmoxLabSettings;
import org.homelab.rollout.rehearsal.proxmox.PveClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lab's Proxmox VE with the {@code proxmox-backup} VM running, Proxmox Backup Server
 * installed on it through the guest agent as Phase 4's steps will send it, and a client
 * for it built as the product builds one (fingerprint pinned).
 */
public final class PbsVm implements AutoCloseable {

	public static final int VMID = 140;

	public static final String ADDRESS = "127.0.10.40";

	public static final String ROOT_PASSWORD = "rehearsal-root-password";

	/** Small enough for a test to fill. */
	public static final long DISK_BYTES = 4L << 20;

	public static final String KEYRING = "/usr/share/keyrings/proxmox-archive-keyring.gpg";

	public static final String SOURCES = """
			Types: deb
			URIs: http://download.proxmox.com/debian/pbs
			Suites: trixie
			Components: pbs-no-subscription
			Signed-By: /usr/share/keyrings/proxmox-archive-keyring.gpg
			""";

	public final RequestJournal journal = new RequestJournal();

	public final FaultInjector faults = new FaultInjector(List.of(), 42);

	public final PbsService pbs;

	public final ProxmoxLab proxmox;

	private final PveClient pve;

	public record Exec(int exitCode, String out, String err) {
	}

	public PbsVm() {
		Latency latency = new Latency(0.001, Map.of());
		this.pbs = new PbsService(Contracts.locate(), this.faults, this.journal, latency, ROOT_PASSWORD,
				Duration.ofSeconds(3), DISK_BYTES);
		this.proxmox = new ProxmoxLab(ProxmoxLabSettings.defaults()
			.withLatency(latency)
			.withFaults(this.faults)
			.withJournal(this.journal)
			.withGuestCommands(List.of(new PbsApt(this.pbs), this.pbs)));
		this.proxmox.start();
		this.proxmox.seedRunningVm(VMID, "proxmox-backup", ADDRESS);
		this.pve = PveClient.trusting(this.proxmox);
	}

	/** Repository, key, package: each must succeed; PBS answers afterwards. */
	public PbsLab install() {
		Exec key = sh("wget -q https://enterprise.proxmox.com/debian/proxmox-archive-keyring-trixie.gpg -O " + KEYRING);
		assertThat(key.exitCode()).as(key.err()).isZero();
		write("/etc/apt/sources.list.d/proxmox.sources", SOURCES);
		Exec apt = exec("apt-get", "install", "-y", "proxmox-backup-server");
		assertThat(apt.exitCode()).as(apt.err()).isZero();
		return this.pbs.lab(VMID).orElseThrow();
	}

	public void write(String path, String content) {
		assertThat(
				this.pve.post("/nodes/pve/qemu/" + VMID + "/agent/file-write", "file", path, "content", content).code())
			.isEqualTo(200);
	}

	public Exec sh(String script) {
		return exec("sh", "-c", script);
	}

	public Exec exec(String... argv) {
		String[] form = new String[argv.length * 2];
		for (int i = 0; i < argv.length; i++) {
			form[2 * i] = "command";
			form[2 * i + 1] = argv[i];
		}
		int pid = this.pve.post("/nodes/pve/qemu/" + VMID + "/agent/exec", form).data().path("pid").asInt();
		Instant deadline = Instant.now().plusSeconds(30);
		while (Instant.now().isBefore(deadline)) {
			JsonNode status = this.pve.get("/nodes/pve/qemu/" + VMID + "/agent/exec-status", "pid", String.valueOf(pid))
				.data();
			if (status.path("exited").asInt() == 1) {
				return new Exec(status.path("exitcode").asInt(), status.path("out-data").asText(""),
						status.path("err-data").asText(""));
			}
			sleep(10);
		}
		throw new AssertionError("exec did not end: " + String.join(" ", argv));
	}

	public PveClient pve() {
		return this.pve;
	}

	public URI url() {
		return URI.create("https://" + ADDRESS + ":" + PbsLab.PORT);
	}

	/** A client pinned to the installed server's fingerprint, as root@pam. */
	public ProxmoxBackupOperations rootClient() {
		return client(PbsCredentials.password("root@pam", () -> ROOT_PASSWORD));
	}

	public ProxmoxBackupOperations client(PbsCredentials credentials) {
		return client(this.pbs.lab(VMID).orElseThrow().fingerprint(), credentials);
	}

	public ProxmoxBackupOperations client(String fingerprint, PbsCredentials credentials) {
		OkHttpClient shared = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(1)).build();
		return ProxmoxBackupClients.create(shared, PbsEndpoint.pinned(url(), fingerprint), credentials);
	}

	/** Polls a PBS task until it stops. */
	public static org.homelab.rollout.backup.PbsTask await(ProxmoxBackupOperations client, String upid) {
		Instant deadline = Instant.now().plusSeconds(15);
		while (Instant.now().isBefore(deadline)) {
			org.homelab.rollout.backup.PbsTask task = client.tasks().status(upid);
			if (!task.running()) {
				return task;
			}
			sleep(10);
		}
		throw new AssertionError("task did not end: " + upid);
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.pbs.reset();
		this.proxmox.close();
	}

}
