package org.homelab.rollout.proxmox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.homelab.rollout.ansible.Ansible;
import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.Latency;
import org.homelab.rollout.rehearsal.RequestJournal;
import org.homelab.rollout.rehearsal.ansible.AnsibleService;
import org.homelab.rollout.rehearsal.proxmox.ProxmoxLab;
import org.homelab.rollout.rehearsal.proxmox.ProxmoxLabSettings;
import org.homelab.rollout.support.Tool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lab's ansible VM: Ansible installed through the guest agent, then the real
 * ansible-inventory and ansible-playbook run on what the engine wrote into the guest,
 * against the lab's Proxmox API as the read-only token; the per-host task results of a
 * playbook run are simulated and say so.
 */
class AnsibleGuestTests {

	static final int ANSIBLE_VM = 124;

	static final String PROJECT = "/srv/ansible";

	static final String CA = "/etc/homelab-ansible/pve-root-ca.pem";

	static final RequestJournal journal = new RequestJournal();

	static final FaultInjector faults = FaultInjector.none();

	@TempDir
	static Path labDir;

	static AnsibleService ansible;

	static ProxmoxLab lab;

	static ProxmoxOperations proxmox;

	@BeforeAll
	static void start() {
		ansible = new AnsibleService(labDir, faults);
		lab = new ProxmoxLab(ProxmoxLabSettings.defaults()
			.withJournal(journal)
			.withFaults(faults)
			.withLatency(Latency.scaled(0.002))
			.withGuestCommands(List.of(ansible)));
		lab.start();
		proxmox = LabSites.client(lab);
	}

	@AfterAll
	static void stop() {
		lab.close();
	}

	@BeforeEach
	void homelab() throws IOException {
		Tool.ANSIBLE.require("the lab's ansible VM running the real ansible-inventory and ansible-playbook is");
		lab.reset();
		ansible.reset();
		faults.disarm();
		lab.seedRunningVm(120, "prometheus", "127.0.10.21");
		lab.seedRunningVm(121, "vault", "127.0.10.22");
		for (int vmid : List.of(120, 121)) {
			proxmox.vms("pve").configure(vmid, ConfigRequest.create().withTags(List.of("homelab-rollout")));
		}
		ApiTokenSecret secret = proxmox.access()
			.ensureAuditorToken("ansible@pve", "inventory", null)
			.secret()
			.orElseThrow();
		// what the engine writes into the guest: the project (cloned from GitLab), the
		// token's secret, the cluster's CA
		Map<String, byte[]> files = new TreeMap<>();
		try (Stream<Path> content = Files.walk(Ansible.CONTENT)) {
			for (Path file : content.filter(Files::isRegularFile).toList()) {
				files.put(PROJECT + "/" + Ansible.CONTENT.relativize(file), Files.readAllBytes(file));
			}
		}
		files.put(AnsibleService.SECRET_FILE, secret.reveal().getBytes());
		files.put(CA, lab.caCertificatePem().getBytes());
		lab.seedRunningVm(ANSIBLE_VM, "ansible", "127.0.10.24", files);
		assertThat(run("apt-get install -y ansible").succeeded()).isTrue();
		journal.clear();
	}

	@AfterEach
	void noContractViolations() {
		assertThat(journal.violations()).isEmpty();
	}

	@Test
	void theRealInventoryInTheGuestListsTheHomelabsVmsThroughTheLabsApi() throws IOException {
		ExecStatus listed = run(ansible("ansible-inventory -i " + PROJECT + "/inventory/proxmox.yml --list"));
		assertThat(listed.succeeded()).as(listed.err()).isTrue();
		JsonNode inventory = new ObjectMapper().readTree(listed.out());
		assertThat(inventory.path("homelab").path("hosts").valueStream().map(JsonNode::asText))
			.containsExactlyInAnyOrder("prometheus", "vault");
		assertThat(journal.entries("proxmox")).extracting(e -> e.method() + " " + e.path())
			.contains("GET /api2/json/nodes/pve/qemu/121/config");
	}

	@Test
	void aPlaybookRunIsSimulatedPerHostAndASecondRunChangesNothing() {
		ExecStatus check = run(
				ansible("ansible-playbook -i " + PROJECT + "/inventory/proxmox.yml " + PROJECT + "/site.yml --check"));
		assertThat(check.succeeded()).as(check.err()).isTrue();
		assertThat(check.out()).startsWith("[rehearsal lab] SIMULATED RUN")
			.contains("TASK [node_exporter : Install the node exporter]");
		assertThat(changed(check.out())).containsEntry("prometheus", 3).containsEntry("vault", 3);

		ExecStatus first = run(
				ansible("ansible-playbook -i " + PROJECT + "/inventory/proxmox.yml " + PROJECT + "/site.yml"));
		assertThat(first.succeeded()).isTrue();
		assertThat(changed(first.out())).containsEntry("prometheus", 3).containsEntry("vault", 3);
		ExecStatus second = run(
				ansible("ansible-playbook -i " + PROJECT + "/inventory/proxmox.yml " + PROJECT + "/site.yml"));
		assertThat(second.succeeded()).isTrue();
		assertThat(changed(second.out())).containsEntry("prometheus", 0).containsEntry("vault", 0);
	}

	@Test
	void theSyntaxCheckRunsForRealAndABrokenPlaybookFails() {
		ExecStatus ok = run(ansible(
				"ansible-playbook --syntax-check -i " + PROJECT + "/inventory/proxmox.yml " + PROJECT + "/site.yml"));
		assertThat(ok.succeeded()).as(ok.err()).isTrue();
		assertThat(ok.out()).contains("playbook: ").doesNotContain("SIMULATED");
		lab.seedRunningVm(125, "ansible-2", "127.0.10.25", Map.of(PROJECT + "/site.yml",
				"- hosts: homelab\n  roles: [missing_role]\n".getBytes(), "/usr/bin/ansible-playbook", new byte[0]));
		ExecStatus broken = exec(125, "ansible-playbook --syntax-check -i localhost, " + PROJECT + "/site.yml");
		assertThat(broken.succeeded()).isFalse();
		assertThat(broken.err()).contains("missing_role");
	}

	@Test
	void aFaultRuleFailsAPlaybookTask() {
		faults.arm(FaultInjector.Rule.parse("ansible:playbook:TASK_ERROR#1"));
		ExecStatus failed = run(
				ansible("ansible-playbook -i " + PROJECT + "/inventory/proxmox.yml " + PROJECT + "/site.yml"));
		assertThat(failed.exitCode()).isEqualTo(2);
		assertThat(failed.out()).contains("fatal: [").contains("failed=1");
	}

	@Test
	void withoutTheAnsiblePackageTheCommandIsNotFound() {
		run("apt-get purge -y ansible");
		ExecStatus missing = run(ansible("ansible-inventory -i " + PROJECT + "/inventory/proxmox.yml --list"));
		assertThat(missing.exitCode()).isEqualTo(127);
	}

	/** The variables the engine sets on the command line (nothing secret among them). */
	private static String ansible(String command) {
		return "PROXMOX_URL=" + lab.url().replace("/api2/json", "") + " PROXMOX_USER=ansible@pve"
				+ " PROXMOX_TOKEN_ID=inventory REQUESTS_CA_BUNDLE=" + CA + " ANSIBLE_CONFIG=" + PROJECT
				+ "/ansible.cfg ANSIBLE_INVENTORY_UNPARSED_FAILED=true " + command;
	}

	private static ExecStatus run(String command) {
		return exec(ANSIBLE_VM, command);
	}

	private static ExecStatus exec(int vmid, String command) {
		ProxmoxAgentOperations agent = proxmox.agent("pve");
		int pid = agent.exec(vmid, List.of("/bin/sh", "-c", command), null);
		for (int i = 0; i < 2000; i++) {
			ExecStatus status = agent.execStatus(vmid, pid);
			if (status.exited()) {
				return status;
			}
			sleep();
		}
		throw new AssertionError("'" + command + "' did not end");
	}

	private static Map<String, Integer> changed(String recap) {
		Map<String, Integer> changed = new TreeMap<>();
		Matcher line = Pattern.compile("(?m)^(\\S+)\\s+: ok=\\d+\\s+changed=(\\d+)").matcher(recap);
		while (line.find()) {
			changed.put(line.group(1), Integer.parseInt(line.group(2)));
		}
		return changed;
	}

	private static void sleep() {
		try {
			Thread.sleep(10);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

}
