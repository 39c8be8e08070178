package org.homelab.rollout.proxmox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.homelab.rollout.ansible.Ansible;
import org.homelab.rollout.rehearsal.Latency;
import org.homelab.rollout.rehearsal.RequestJournal;
import org.homelab.rollout.rehearsal.proxmox.ProxmoxLab;
import org.homelab.rollout.rehearsal.proxmox.ProxmoxLabSettings;
import org.homelab.rollout.support.Contract;
import org.homelab.rollout.support.Tool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real {@code ansible-inventory} with the real community.general.proxmox plugin and
 * the project's {@code inventory/proxmox.yml}, against the rehearsal lab's Proxmox API
 * (every request checked against the schema), authenticated by the read-only token the
 * client makes, the certificate verified against the lab's CA.
 */
class AnsibleInventoryTests {

	static final String TAG = "homelab-rollout";

	static final RequestJournal journal = new RequestJournal();

	static ProxmoxLab lab;

	static ProxmoxOperations proxmox;

	@TempDir
	Path dir;

	Path project;

	Path caFile;

	ApiTokenSecret secret;

	@BeforeAll
	static void start() {
		lab = new ProxmoxLab(ProxmoxLabSettings.defaults().withJournal(journal).withLatency(Latency.scaled(0.002)));
		lab.start();
		proxmox = LabSites.client(lab);
	}

	@AfterAll
	static void stop() {
		lab.close();
	}

	@BeforeEach
	void homelab() throws IOException {
		Tool.ANSIBLE.require("the Proxmox dynamic inventory (ansible-inventory with community.general.proxmox) is");
		lab.reset();
		lab.seedRunningVm(110, "frontend", "127.0.10.20");
		lab.seedRunningVm(120, "prometheus", "127.0.10.21");
		lab.seedRunningVm(121, "vault", "127.0.10.22");
		lab.seedRunningVm(122, "gitlab-ce", "127.0.10.23");
		for (int vmid : List.of(120, 121, 122)) {
			proxmox.vms("pve").configure(vmid, ConfigRequest.create().withTags(List.of(TAG)));
		}
		this.secret = proxmox.access()
			.ensureAuditorToken("ansible@pve", "inventory", "Ansible dynamic inventory")
			.secret()
			.orElseThrow();
		this.project = Ansible.copy(this.dir.resolve("ansible"));
		this.caFile = Files.writeString(this.dir.resolve("pve-root-ca.pem"), lab.caCertificatePem());
		journal.clear();
	}

	@AfterEach
	void everyRequestMatchedThePublishedSchema() {
		assertThat(lab.schemaChecked()).isEqualTo(Contract.PROXMOX_VE.present());
		assertThat(journal.violations()).isEmpty();
	}

	@Test
	void listsTheHomelabsVmsWithTheirGroupsAndAddressesReadingTheSecretFromAFile() throws IOException {
		Path secretFile = Files.writeString(this.dir.resolve("proxmox-token-secret"), this.secret.reveal());
		Files.setPosixFilePermissions(secretFile, PosixFilePermissions.fromString("r--------"));
		Map<String, String> env = environment();
		env.put("PROXMOX_TOKEN_SECRET_FILE", secretFile.toString());

		Ansible.Run run = Ansible.run(this.project, env, "ansible-inventory", "--list");
		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(run.output()).doesNotContain(this.secret.reveal());
		JsonNode inventory = new ObjectMapper().readTree(run.stdout());

		assertThat(hosts(inventory, "homelab")).containsExactlyInAnyOrder("prometheus", "vault", "gitlab-ce");
		assertThat(hosts(inventory, "tag_homelab_rollout")).containsExactlyInAnyOrder("prometheus", "vault",
				"gitlab-ce");
		assertThat(hosts(inventory, "proxmox_all_running")).containsExactlyInAnyOrder("frontend", "prometheus", "vault",
				"gitlab-ce");
		JsonNode hostvars = inventory.path("_meta").path("hostvars");
		assertThat(hostvars.path("prometheus").path("ansible_host").asText()).isEqualTo("127.0.10.21");
		assertThat(hostvars.path("gitlab-ce").path("ansible_host").asText()).isEqualTo("127.0.10.23");
		assertThat(hostvars.path("vault").path("proxmox_vmid").asInt()).isEqualTo(121);
		// the template is no host
		assertThat(hostvars.has("debian-12-cloudinit")).isFalse();

		// the plugin really asked the lab, as the token
		assertThat(journal.entries("proxmox")).extracting(e -> e.method() + " " + e.path() + " " + e.status())
			.contains("GET /api2/json/nodes 200", "GET /api2/json/nodes/pve/qemu 200",
					"GET /api2/json/nodes/pve/qemu/120/config 200", "GET /api2/json/pools 200",
					// PVEAuditor holds no guest-agent privilege: the plugin goes on
					// without
					"GET /api2/json/nodes/pve/qemu/120/agent/network-get-interfaces 403");
	}

	@Test
	void theSecretFromTheEnvironmentWorksToo() throws IOException {
		Map<String, String> env = environment();
		env.put("PROXMOX_TOKEN_SECRET", this.secret.reveal());
		Ansible.Run run = Ansible.run(this.project, env, "ansible-inventory", "--graph", "homelab");
		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(run.stdout()).contains("@homelab:", "|--prometheus", "|--vault", "|--gitlab-ce")
			.doesNotContain("frontend");
	}

	@Test
	void aWrongSecretOrAnUntrustedCertificateFailsTheRun() {
		Map<String, String> wrong = environment();
		wrong.put("PROXMOX_TOKEN_SECRET", "00000000-0000-0000-0000-000000000000");
		Ansible.Run refused = Ansible.run(this.project, wrong, "ansible-inventory", "--list");
		assertThat(refused.exitCode()).isNotZero();
		assertThat(refused.output()).contains("401");

		Map<String, String> untrusted = environment();
		untrusted.remove("REQUESTS_CA_BUNDLE");
		untrusted.put("PROXMOX_TOKEN_SECRET", this.secret.reveal());
		Ansible.Run unverified = Ansible.run(this.project, untrusted, "ansible-inventory", "--list");
		assertThat(unverified.exitCode()).isNotZero();
		assertThat(unverified.output()).containsIgnoringCase("certificate verify failed");
	}

	/**
	 * What the engine gives the run on the ansible VM; an inventory source that fails to
	 * parse fails the run instead of leaving an empty inventory.
	 */
	private Map<String, String> environment() {
		Map<String, String> env = new HashMap<>();
		env.put("PROXMOX_URL", lab.url().replace("/api2/json", ""));
		env.put("PROXMOX_USER", "ansible@pve");
		env.put("PROXMOX_TOKEN_ID", "inventory");
		env.put("REQUESTS_CA_BUNDLE", this.caFile.toString());
		env.put("ANSIBLE_INVENTORY_UNPARSED_FAILED", "true");
		return env;
	}

	private static List<String> hosts(JsonNode inventory, String group) {
		return inventory.path(group).path("hosts").valueStream().map(JsonNode::asText).toList();
	}

}
