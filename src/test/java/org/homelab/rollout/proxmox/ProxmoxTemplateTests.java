package org.homelab.rollout.proxmox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.Latency;
import org.homelab.rollout.rehearsal.RequestJournal;
import org.homelab.rollout.rehearsal.proxmox.ProxmoxLab;
import org.homelab.rollout.rehearsal.proxmox.ProxmoxLabSettings;
import org.homelab.rollout.support.Contract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The client against the rehearsal lab, its schema check on: every call a real PVE 9.1
 * would accept.
 */
class ProxmoxTemplateTests {

	static final RequestJournal journal = new RequestJournal();

	static ProxmoxLab lab;

	static ProxmoxOperations proxmox;

	@BeforeAll
	static void start() {
		lab = new ProxmoxLab(ProxmoxLabSettings.defaults()
			.withJournal(journal)
			.withLatency(Latency.scaled(0.002))
			.withTimeoutDelay(Duration.ofSeconds(3)));
		lab.start();
		proxmox = LabSites.client(lab);
	}

	@AfterAll
	static void stop() {
		lab.close();
	}

	@AfterEach
	void disarm() {
		lab.settings().faults().disarm();
	}

	@BeforeEach
	void clean() {
		lab.reset();
		journal.clear();
	}

	@AfterEach
	void everyRequestMatchedThePublishedSchema() {
		assertThat(lab.schemaChecked()).isEqualTo(Contract.PROXMOX_VE.present());
		assertThat(journal.violations()).isEmpty();
	}

	@Test
	void cloneConfigureResizeStartAndReachTheGuestAgent() {
		int vmid = proxmox.cluster().nextId();
		Upid clone = proxmox.vms("pve")
			.cloneAsync(9000, CloneRequest.of(vmid, "vault").withStorage("local-lvm").withDescription("mine\nrun: 1"));
		assertThat(clone.type()).isEqualTo("qmclone");
		assertThat(waitFor(clone).succeeded()).isTrue();
		proxmox.vms("pve")
			.configure(vmid,
					ConfigRequest.create()
						.withCores(4)
						.withMemoryMb(8192)
						.withCiUser("rollout")
						.withIpConfig0("ip=127.0.10.22/24,gw=127.0.10.1")
						.withNameservers(List.of("127.0.0.1", "127.0.0.2"))
						.withSearchDomain("rehearsal.lan")
						.withAgent(true)
						.withTags(List.of("homelab-rollout")));
		assertThat(waitFor(proxmox.vms("pve").resizeAsync(vmid, "scsi0", "50G")).succeeded()).isTrue();
		assertThat(waitFor(proxmox.vms("pve").startAsync(vmid)).succeeded()).isTrue();
		await().atMost(Duration.ofSeconds(10))
			.ignoreExceptionsMatching(ex -> ex instanceof ProxmoxApiException api && api.agentNotRunning())
			.untilAsserted(() -> proxmox.agent("pve").ping(vmid));

		VmConfig config = proxmox.vms("pve").config(vmid);
		assertThat(config.name()).isEqualTo("vault");
		assertThat(config.description()).isEqualTo("mine\nrun: 1");
		assertThat(config.tags()).containsExactly("homelab-rollout");
		assertThat(config.values()).containsEntry("cores", "4")
			.containsEntry("memory", "8192")
			.containsEntry("nameserver", "127.0.0.1 127.0.0.2")
			.containsEntry("agent", "1");
		assertThat(config.values().get("scsi0")).contains("size=50G");
		assertThat(proxmox.vms("pve").status(vmid).running()).isTrue();
		assertThat(proxmox.vms("pve").list()).extracting(VmSummary::name).contains("vault", "debian-12-cloudinit");
		assertThat(proxmox.agent("pve").networkInterfaces(vmid)).filteredOn(i -> !i.loopback())
			.flatExtracting(GuestInterface::ipv4Addresses)
			.containsExactly("127.0.10.22");
	}

	@Test
	void sshKeysWithSpacesPlusEqualsAndNewlinesArriveIntact() {
		int vmid = cloneOf("keys");
		List<String> keys = List.of("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB+x/y=z= deploy@rollout",
				"ssh-rsa AAAAB3Nza+C1yc2E== ops key with spaces");
		proxmox.vms("pve").configure(vmid, ConfigRequest.create().withSshKeys(keys));
		assertThat(lab.vm(vmid).orElseThrow().sshKeys()).isEqualTo(String.join("\n", keys));
	}

	@Test
	void guestAgentRunsCommandsAndMovesFiles() {
		int vmid = cloneOf("agent");
		waitFor(proxmox.vms("pve").startAsync(vmid));
		await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> proxmox.agent("pve").ping(vmid));
		proxmox.agent("pve").fileWrite(vmid, "/root/x.sh", "echo out\nfoo --bar\nexit 3\n");
		assertThat(proxmox.agent("pve").fileRead(vmid, "/root/x.sh")).isEqualTo("echo out\nfoo --bar\nexit 3\n");
		int pid = proxmox.agent("pve").exec(vmid, List.of("bash", "/root/x.sh"), null);
		await().atMost(Duration.ofSeconds(10)).until(() -> proxmox.agent("pve").execStatus(vmid, pid).exited());
		ExecStatus status = proxmox.agent("pve").execStatus(vmid, pid);
		assertThat(status.exitCode()).isEqualTo(3);
		assertThat(status.out()).isEqualTo("out\n");
		assertThat(status.err()).isEqualTo("bash: line 2: foo: command not found\n");
		assertThat(status.succeeded()).isFalse();
	}

	@Test
	void aTimedOutFileWriteIsRepeatedButATimedOutExecIsNot() {
		int vmid = cloneOf("repeat");
		waitFor(proxmox.vms("pve").startAsync(vmid));
		await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> proxmox.agent("pve").ping(vmid));
		ProxmoxOperations impatient = LabSites.client(LabSites.pinned(lab, lab.fingerprintSha256()),
				Duration.ofMillis(300), 1);
		lab.settings().faults().arm(FaultInjector.Rule.nth("proxmox", "agent", FaultInjector.Kind.TIMEOUT, 1));
		impatient.agent("pve").fileWrite(vmid, "/root/same", "same content\n");
		assertThat(proxmox.agent("pve").fileRead(vmid, "/root/same")).isEqualTo("same content\n");

		lab.settings().faults().arm(FaultInjector.Rule.nth("proxmox", "agent", FaultInjector.Kind.TIMEOUT, 1));
		assertThatThrownBy(() -> impatient.agent("pve").exec(vmid, List.of("true"), null))
			.as("exec may have run: only the step, which looks first, may repeat it")
			.isInstanceOfSatisfying(ProxmoxException.class, ex -> assertThat(ex.isTransient()).isTrue());
	}

	@Test
	void parameterErrorsCarryPveComplaintsAndAreNotTransient() {
		Contract.PROXMOX_VE.require("the client's reading of PVE's parameter errors is");
		int vmid = cloneOf("bad");
		assertThatThrownBy(() -> proxmox.vms("pve").resizeAsync(vmid, "scsi0", "fifty gigs"))
			.isInstanceOfSatisfying(ProxmoxApiException.class, ex -> {
				assertThat(ex.status()).isEqualTo(400);
				assertThat(ex.parameterErrors()).containsKey("size");
				assertThat(ex.isTransient()).isFalse();
				assertThat(ex.getMessage()).contains("PUT /nodes/pve/qemu/" + vmid + "/resize")
					.contains("Parameter verification failed.")
					.contains("size");
			});
		journal.clear(); // the refused call is the point of this test, not a contract
							// breach of the client
	}

	@Test
	void aVmidIsFreeUntilAGuestHasIt() {
		int vmid = proxmox.cluster().nextId();
		assertThat(proxmox.cluster().isFree(vmid)).isTrue();
		assertThat(proxmox.cluster().isFree(9000)).as("the template's").isFalse();
	}

	@Test
	void lockedVmIsTransientAndMissingVmIsRecognised() {
		int vmid = proxmox.cluster().nextId();
		Upid clone = proxmox.vms("pve").cloneAsync(9000, CloneRequest.of(vmid, "locked"));
		assertThatThrownBy(() -> proxmox.vms("pve").configure(vmid, ConfigRequest.create().withCores(2)))
			.isInstanceOfSatisfying(ProxmoxApiException.class, ex -> {
				assertThat(ex.reason()).isEqualTo("VM is locked (clone)");
				assertThat(ex.isTransient()).isTrue();
			});
		waitFor(clone);
		assertThatThrownBy(() -> proxmox.vms("pve").status(4242)).isInstanceOfSatisfying(ProxmoxApiException.class,
				ex -> assertThat(ex.doesNotExist()).isTrue());
	}

	@Test
	void deleteRemovesTheVmWithItsDisks() {
		int vmid = cloneOf("gone");
		Upid delete = proxmox.vms("pve").deleteAsync(vmid);
		assertThat(delete.type()).isEqualTo("qmdestroy");
		assertThat(waitFor(delete).succeeded()).isTrue();
		assertThat(lab.vm(vmid)).isEmpty();
		assertThat(proxmox.tasks("pve").log(delete, 0, 50)).last().isEqualTo("TASK OK");
	}

	@Test
	void wrongFingerprintIsRefusedBeforeTheTokenTravels() {
		String wrong = String.join(":", java.util.Collections.nCopies(32, "AB"));
		ProxmoxOperations impostor = LabSites.client(LabSites.pinned(lab, wrong), Duration.ofSeconds(5));
		assertThatThrownBy(() -> impostor.cluster().nextId()).isInstanceOfSatisfying(ProxmoxException.class, ex -> {
			assertThat(ex.isTransient()).isFalse();
			assertThat(ex.getMessage()).contains("inventory.proxmox.fingerprint")
				.doesNotContain(ProxmoxLabSettings.DEFAULT_TOKEN_SECRET);
		});
		assertThat(journal.entries()).isEmpty();
	}

	@Test
	void caFileVerifiesTheNodeCertificate(@TempDir Path dir) {
		Path ca = LabSites.write(dir, "pve-root-ca.pem", lab.caCertificatePem());
		ProxmoxOperations viaCa = LabSites.client(LabSites.site(lab, ca.toString(), null), Duration.ofSeconds(5));
		assertThat(viaCa.cluster().nextId()).isEqualTo(100);
	}

	@Test
	void missingTokenSecretSaysWhereToPutItWithoutGuessing() {
		ProxmoxOperations noSecret = ProxmoxClientConfiguration.create(new okhttp3.OkHttpClient(),
				LabSites.pinned(lab, lab.fingerprintSha256()),
				new ProxmoxClientProperties(Duration.ofSeconds(2), Duration.ofSeconds(2), 0),
				Map.<String, String>of()::get);
		assertThatThrownBy(() -> noSecret.cluster().nextId()).isInstanceOf(ProxmoxException.class)
			.hasMessageContaining("LAB_TOKEN");
	}

	static int cloneOf(String name) {
		int vmid = proxmox.cluster().nextId();
		assertThat(waitFor(proxmox.vms("pve").cloneAsync(9000, CloneRequest.of(vmid, name))).succeeded()).isTrue();
		return vmid;
	}

	static TaskStatus waitFor(Upid upid) {
		return await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> proxmox.tasks(upid.node()).status(upid), status -> !status.running());
	}

}
