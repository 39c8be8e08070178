package org.homelab.rollout.rehearsal.proxmox;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.homelab.rollout.rehearsal.Latency;
import org.homelab.rollout.support.Contract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProxmoxLabVmLifecycleTests {

	static ProxmoxLab lab;

	static PveClient pve;

	@BeforeAll
	static void start() {
		// clone and boot long enough to observe them running, short enough for a unit
		// test
		lab = new ProxmoxLab(ProxmoxLabSettings.defaults()
			.withLatency(new Latency(0.005, Map.of("proxmox.clone", 60.0, "proxmox.boot", 60.0))));
		lab.start();
		pve = PveClient.trusting(lab);
	}

	@AfterAll
	static void stop() {
		lab.close();
	}

	@BeforeEach
	void clean() {
		lab.reset();
	}

	@Test
	void cloneRunsAsTaskAndLocksTheNewVmUntilItEnds() {
		String upid = pve
			.post("/nodes/pve/qemu/9000/clone", "newid", "101", "name", "vault-1", "full", "1", "storage", "local-lvm")
			.data()
			.asText();
		assertThat(upid).matches("UPID:pve:[0-9A-F]{8}:[0-9A-F]{8}:[0-9A-F]{8}:qmclone:9000:rollout@pve!engine:");
		JsonNode running = pve.get("/nodes/pve/tasks/" + upid + "/status").data();
		assertThat(running.path("status").asText()).isEqualTo("running");
		assertThat(running.has("exitstatus")).isFalse();
		assertThat(pve.get("/nodes/pve/qemu/101/config").data().path("lock").asText()).isEqualTo("clone");
		PveClient.Answer locked = pve.put("/nodes/pve/qemu/101/config", "cores", "2");
		assertThat(locked.code()).isEqualTo(500);
		assertThat(locked.reason()).isEqualTo("VM is locked (clone)");
		// qemu-server checks the lock for start inside the task
		String start = pve.post("/nodes/pve/qemu/101/status/start").data().asText();
		assertThat(pve.waitFor(start).path("exitstatus").asText()).isEqualTo("VM is locked (clone)");

		JsonNode done = pve.waitFor(upid);
		assertThat(done.path("exitstatus").asText()).isEqualTo("OK");
		assertThat(done.path("type").asText()).isEqualTo("qmclone");
		JsonNode config = pve.get("/nodes/pve/qemu/101/config").data();
		assertThat(config.has("lock")).isFalse();
		assertThat(config.path("name").asText()).isEqualTo("vault-1");
		assertThat(config.path("scsi0").asText()).startsWith("local-lvm:vm-101-disk-0");
		assertThat(config.has("template")).isFalse();
		assertThat(pve.log(upid)).contains("create full clone of drive scsi0 (local-lvm:base-9000-disk-0)")
			.last()
			.isEqualTo("TASK OK");
		// qemu-img convert -p, as PVE logs it: one line per percent copied, in order
		assertThat(pve.log(upid).stream().filter(line -> line.startsWith("transferred "))).hasSize(101)
			.startsWith("transferred 0.0 B of 3.0 GiB (0.00%)", "transferred 30.7 MiB of 3.0 GiB (1.00%)")
			.endsWith("transferred 3.0 GiB of 3.0 GiB (100.00%)");
		assertThat(pve.get("/nodes/pve/qemu").data().findValuesAsText("name")).contains("vault-1",
				"debian-12-cloudinit");
	}

	@Test
	void configPostIsAsyncAndPutIsSync() {
		clone(102, "web");
		String upid = pve
			.post("/nodes/pve/qemu/102/config", "cores", "4", "memory", "4096", "ciuser", "deploy", "tags",
					"rollout;web")
			.data()
			.asText();
		assertThat(upid).contains(":qmconfig:102:");
		assertThat(pve.waitFor(upid).path("exitstatus").asText()).isEqualTo("OK");
		assertThat(pve.put("/nodes/pve/qemu/102/config", "description", "managed by rollout", "delete", "tags")
			.data()
			.isNull()).isTrue();
		JsonNode config = pve.get("/nodes/pve/qemu/102/config").data();
		assertThat(config.path("cores").isInt()).isTrue();
		assertThat(config.path("cores").asInt()).isEqualTo(4);
		assertThat(config.path("memory").asText()).isEqualTo("4096");
		assertThat(config.path("ciuser").asText()).isEqualTo("deploy");
		assertThat(config.has("tags")).isFalse();
		assertThat(config.path("digest").asText()).hasSize(40);
	}

	@Test
	void sshKeysSentTwiceEncodedArriveIntact() {
		clone(103, "ssh");
		String keys = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB+x/y=z= deploy@rollout\nssh-rsa AAAAB3Nza+C1yc2E= ops@lab";
		// PVE wants sshkeys urlencoded with %20 for spaces, then the form encoding on top
		String encoded = URLEncoder.encode(keys, StandardCharsets.UTF_8).replace("+", "%20");
		assertThat(pve.put("/nodes/pve/qemu/103/config", "sshkeys", encoded).code()).isEqualTo(200);
		assertThat(lab.vm(103).orElseThrow().sshKeys()).isEqualTo(keys);
		assertThat(pve.get("/nodes/pve/qemu/103/config").data().path("sshkeys").asText()).isEqualTo(encoded);
	}

	@Test
	void sshKeysEncodedOnlyOnceAreRefusedAsPveRefusesThem() {
		Contract.PROXMOX_VE.require("the lab refusing singly encoded SSH keys as PVE does is");
		clone(104, "ssh1");
		PveClient.Answer answer = pve.put("/nodes/pve/qemu/104/config", "sshkeys", "ssh-ed25519 AAAA deploy@rollout");
		assertThat(answer.code()).isEqualTo(400);
		assertThat(answer.body().path("errors").path("sshkeys").asText())
			.startsWith("invalid format - invalid urlencoded string");
	}

	@Test
	void startedVmAnswersAgentOnlyAfterBooting() {
		clone(105, "boot");
		String upid = pve.post("/nodes/pve/qemu/105/status/start").data().asText();
		assertThat(pve.waitFor(upid).path("exitstatus").asText()).isEqualTo("OK");
		JsonNode status = pve.get("/nodes/pve/qemu/105/status/current").data();
		assertThat(status.path("status").asText()).isEqualTo("running");
		assertThat(status.path("agent").asInt()).isEqualTo(1);
		PveClient.Answer early = pve.post("/nodes/pve/qemu/105/agent/ping");
		assertThat(early.code()).isEqualTo(500);
		assertThat(early.reason()).isEqualTo("QEMU guest agent is not running");
		awaitAgent(105);
		assertThat(pve.post("/nodes/pve/qemu/105/agent/ping").data().path("result").isObject()).isTrue();
		// as qemu-server does: a second start fails its task (HTTP 200 all the same)
		String again = pve.post("/nodes/pve/qemu/105/status/start").data().asText();
		assertThat(pve.waitFor(again).path("exitstatus").asText()).isEqualTo("VM 105 already running");
	}

	@Test
	void networkInterfacesShowDhcpLeaseOrStaticAddress() {
		clone(106, "dhcp");
		clone(107, "static");
		pve.put("/nodes/pve/qemu/107/config", "ipconfig0", "ip=127.0.20.7/24,gw=127.0.20.1");
		boot(106);
		boot(107);
		assertThat(eth0(106)).startsWith("127.0.10.");
		assertThat(eth0(106)).isEqualTo(lab.vm(106).orElseThrow().address()).isEqualTo(eth0(106));
		assertThat(eth0(107)).isEqualTo("127.0.20.7");
		// cloud-init applies a new ipconfig0 at the next boot, not while the guest runs
		pve.put("/nodes/pve/qemu/107/config", "ipconfig0", "ip=127.0.20.8/24");
		assertThat(eth0(107)).isEqualTo("127.0.20.7");
		pve.waitFor(pve.post("/nodes/pve/qemu/107/status/reboot").data().asText());
		awaitAgent(107);
		assertThat(eth0(107)).isEqualTo("127.0.20.8");
	}

	@Test
	void execRunsTheSimulatedShellAndFilesPersist() {
		clone(108, "exec");
		boot(108);
		pve.post("/nodes/pve/qemu/108/agent/file-write", "file", "/root/setup.sh", "content",
				"set -e\nmkdir -p /etc/app\necho 'port: 8200' > /etc/app/config.yml\nsystemctl enable --now app\necho done\n");
		JsonNode ok = exec(108, "bash", "/root/setup.sh");
		assertThat(ok.path("exitcode").asInt()).isZero();
		assertThat(ok.path("out-data").asText()).isEqualTo("done\n");
		assertThat(pve.get("/nodes/pve/qemu/108/agent/file-read", "file", "/etc/app/config.yml")
			.data()
			.path("content")
			.asText()).isEqualTo("port: 8200\n");
		assertThat(exec(108, "systemctl", "is-active", "app").path("out-data").asText()).isEqualTo("active\n");
		JsonNode missing = exec(108, "sh", "-c", "echo before; foo --bar");
		assertThat(missing.path("exitcode").asInt()).isEqualTo(127);
		assertThat(missing.path("err-data").asText()).isEqualTo("sh: 1: foo: not found\n");
		assertThat(missing.path("out-data").asText()).isEqualTo("before\n");
		PveClient.Answer direct = pve.post("/nodes/pve/qemu/108/agent/exec", "command", "foo");
		assertThat(direct.code()).isEqualTo(500);
		assertThat(direct.reason()).contains("Failed to execute child process");
	}

	@Test
	void deleteWithPurgeRemovesTheVmWhenTheTaskEnds() {
		clone(109, "gone");
		String upid = pve.delete("/nodes/pve/qemu/109", "purge", "1", "destroy-unreferenced-disks", "1")
			.data()
			.asText();
		assertThat(upid).contains(":qmdestroy:109:");
		assertThat(pve.waitFor(upid).path("exitstatus").asText()).isEqualTo("OK");
		assertThat(lab.vm(109)).isEmpty();
		assertThat(pve.get("/nodes/pve/qemu/109/config").code()).isEqualTo(500);
	}

	@Test
	void runningVmCannotBeDestroyedAndResizeGrowsTheDisk() {
		clone(110, "big");
		String resize = pve.put("/nodes/pve/qemu/110/resize", "disk", "scsi0", "size", "+10G").data().asText();
		assertThat(pve.waitFor(resize).path("exitstatus").asText()).isEqualTo("OK");
		assertThat(lab.vm(110).orElseThrow().config().get("scsi0")).contains("size=13G");
		PveClient.Answer shrink = pve.put("/nodes/pve/qemu/110/resize", "disk", "scsi0", "size", "2G");
		assertThat(shrink.reason()).isEqualTo("shrinking disks is not supported");
		boot(110);
		PveClient.Answer destroy = pve.delete("/nodes/pve/qemu/110");
		assertThat(destroy.code()).isEqualTo(500);
		assertThat(destroy.reason()).isEqualTo("VM 110 is running - destroy failed");
		String stop = pve.post("/nodes/pve/qemu/110/status/shutdown").data().asText();
		assertThat(pve.waitFor(stop).path("exitstatus").asText()).isEqualTo("OK");
		assertThat(lab.vm(110).orElseThrow().status()).isEqualTo("stopped");
	}

	@Test
	void rebootBringsEnabledServicesBackAndStoppedVmCannotReboot() {
		clone(111, "svc");
		assertThat(pve.post("/nodes/pve/qemu/111/status/reboot").reason()).isEqualTo("VM 111 not running");
		boot(111);
		exec(111, "systemctl", "enable", "--now", "vault");
		exec(111, "systemctl", "start", "scratch");
		String reboot = pve.post("/nodes/pve/qemu/111/status/reboot").data().asText();
		assertThat(pve.waitFor(reboot).path("exitstatus").asText()).isEqualTo("OK");
		awaitAgent(111);
		assertThat(lab.vm(111).orElseThrow().services()).containsExactly("vault");
	}

	@Test
	void clusterResourcesListGuestsWithTheirNodes() {
		clone(112, "listed");
		JsonNode vms = pve.get("/cluster/resources", "type", "vm").data();
		assertThat(vms.findValuesAsText("id")).contains("qemu/112", "qemu/9000");
		assertThat(vms.findValuesAsText("node")).containsOnly("pve");
		assertThat(pve.get("/nodes/pve/storage", "content", "images").data().findValuesAsText("storage"))
			.containsExactly("local-lvm");
		JsonNode tasks = pve.get("/nodes/pve/tasks", "vmid", "9000", "typefilter", "qmclone").data();
		assertThat(tasks.get(0).path("status").asText()).isEqualTo("OK");
		assertThat(tasks.get(0).path("upid").asText()).contains(":qmclone:9000:");
	}

	@Test
	void parallelClonesFromTheTemplateAllSucceedWithTheirOwnAddresses() throws Exception {
		java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
		try {
			java.util.List<java.util.concurrent.Future<?>> clones = new java.util.ArrayList<>();
			for (int vmid = 200; vmid < 208; vmid++) {
				int id = vmid;
				clones.add(pool.submit(() -> {
					clone(id, "node-" + id);
					boot(id);
				}));
			}
			for (java.util.concurrent.Future<?> clone : clones) {
				clone.get(30, java.util.concurrent.TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(lab.vms()).filteredOn(VmView::running)
			.hasSize(8)
			.extracting(VmView::address)
			.doesNotHaveDuplicates()
			.allMatch(a -> a.startsWith("127.0.10."));
	}

	@Test
	void staleDigestIsRefused() {
		clone(113, "digest");
		String digest = pve.get("/nodes/pve/qemu/113/config").data().path("digest").asText();
		assertThat(pve.put("/nodes/pve/qemu/113/config", "cores", "4", "digest", digest).code()).isEqualTo(200);
		PveClient.Answer stale = pve.put("/nodes/pve/qemu/113/config", "cores", "3", "digest", digest);
		assertThat(stale.code()).isEqualTo(500);
		assertThat(stale.reason()).startsWith("detected modified configuration");
	}

	static void clone(int vmid, String name) {
		String upid = pve.post("/nodes/pve/qemu/9000/clone", "newid", String.valueOf(vmid), "name", name)
			.data()
			.asText();
		assertThat(pve.waitFor(upid).path("exitstatus").asText()).isEqualTo("OK");
	}

	static void boot(int vmid) {
		String upid = pve.post("/nodes/pve/qemu/" + vmid + "/status/start").data().asText();
		assertThat(pve.waitFor(upid).path("exitstatus").asText()).isEqualTo("OK");
		awaitAgent(vmid);
	}

	static void awaitAgent(int vmid) {
		for (int i = 0; i < 500 && pve.post("/nodes/pve/qemu/" + vmid + "/agent/ping").code() != 200; i++) {
			PveClient.sleep(20);
		}
	}

	static String eth0(int vmid) {
		JsonNode interfaces = pve.get("/nodes/pve/qemu/" + vmid + "/agent/network-get-interfaces")
			.data()
			.path("result");
		assertThat(interfaces.get(0).path("name").asText()).isEqualTo("lo");
		assertThat(interfaces.get(1).path("name").asText()).isEqualTo("eth0");
		return interfaces.get(1).path("ip-addresses").get(0).path("ip-address").asText();
	}

	static JsonNode exec(int vmid, String... argv) {
		String[] form = new String[argv.length * 2];
		for (int i = 0; i < argv.length; i++) {
			form[2 * i] = "command";
			form[2 * i + 1] = argv[i];
		}
		int pid = pve.post("/nodes/pve/qemu/" + vmid + "/agent/exec", form).data().path("pid").asInt();
		for (int i = 0; i < 500; i++) {
			JsonNode status = pve.get("/nodes/pve/qemu/" + vmid + "/agent/exec-status", "pid", String.valueOf(pid))
				.data();
			if (status.path("exited").asInt() == 1) {
				return status;
			}
			PveClient.sleep(10);
		}
		throw new AssertionError("process " + pid + " did not exit");
	}

}
