package org.homelab.rollout.ansible.steps;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.ProcessEngine;
import org.homelab.rollout.gitlab.GitlabOperations;
import org.homelab.rollout.gitlab.GitlabProject;
import org.homelab.rollout.proxmox.ProxmoxOperations;
import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.RehearsalLab;
import org.homelab.rollout.rehearsal.gitlab.GitlabLab;
import org.homelab.rollout.rehearsal.gitlab.GitlabRepositories;
import org.homelab.rollout.rehearsal.proxmox.VmView;
import org.homelab.rollout.support.LabServices;
import org.homelab.rollout.support.ProcessRuns;
import org.homelab.rollout.support.SecretScan;
import org.homelab.rollout.support.Tool;
import org.homelab.rollout.vault.EngineSecrets;
import org.homelab.rollout.vault.SecretGenerator;
import org.homelab.rollout.vault.SecretReference;
import org.homelab.rollout.vault.SecretWriter;
import org.homelab.rollout.vault.VaultConfigurationCheck;
import org.homelab.rollout.vault.VaultSeal;
import org.homelab.rollout.vault.VaultTargets;
import org.homelab.rollout.vault.VaultTlsIssuer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Phase 3.2's building blocks on the embedded lab (contract checks on), after Phase 1.2's
 * Vault and Phase 2.1's GitLab: ansible-install on an ansible VM another run provisioned
 * installs Ansible, makes the inventory's Proxmox token and the project's deploy token
 * into Vault, commits deploy/ansible, clones it on the VM and the real ansible-inventory
 * lists the homelab's VMs; ansible-check finds both criteria met; a second run adopts
 * everything and creates nothing; ansible-remove of the second run removes nothing, of
 * the first exactly what it created. No secret is in any ACT_* table or the log.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "rollout.vault.state-dir=target/vault-it/${random.uuid}", "rollout.waits.initial-backoff=20ms",
				"rollout.waits.max-backoff=200ms" })
@ActiveProfiles({ "rehearsal", "test" })
@ExtendWith(OutputCaptureExtension.class)
class AnsibleInstallIntegrationTests {

	private static final String USER = "ansible@pve";

	private static final String TOKEN = "inventory";

	private static final String CLONE = "/srv/ansible";

	// the same spies as the Vault and GitLab integration tests: one application context
	@MockitoSpyBean
	VaultSeal seal;

	@MockitoSpyBean
	SecretGenerator generator;

	@MockitoSpyBean
	VaultConfigurationCheck check;

	@MockitoSpyBean
	VaultTlsIssuer issuer;

	@Autowired
	RehearsalLab lab;

	@Autowired
	ProcessEngine engine;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	EngineSecrets secrets;

	@Autowired
	SecretWriter writer;

	@Autowired
	VaultTargets vaults;

	@Autowired
	GitlabOperations gitlab;

	@Autowired
	ProxmoxOperations proxmox;

	private ProcessRuns runs;

	@BeforeEach
	void freshLab() {
		Tool.ANSIBLE.require("ansible-install with the real ansible-inventory on the lab's ansible VM is");
		this.lab.reset();
		this.runs = new ProcessRuns(this.engine).within(Duration.ofSeconds(90)).failingOnJobExceptions();
	}

	@AfterEach
	void noContractViolations() {
		assertThat(this.lab.journal().violations()).isEmpty();
		this.lab.reset();
	}

	@Test
	void installsChecksAdoptsAndRemovesOnlyWhatEachRunCreated(CapturedOutput output) {
		// Ansible goes on its planned VM only: another is refused before anything is
		// touched
		assertThatThrownBy(() -> this.runs.start("ansible-install", "an-bad", Map.of("vmName", "vault")))
			.hasMessageContaining("not started, nothing was created")
			.hasMessageContaining("vmName 'vault' is not the Ansible VM");
		LabServices services = new LabServices(this.runs);
		services.vault("an-vault");
		services.gitlab("an-gitlab");
		Map<String, Object> vm = this.runs.run("provision-vm", "an-vm", Map.of("vmName", "ansible")).variables();
		int vmid = (Integer) vm.get("vmid");

		Map<String, Object> first = install("an-1");

		assertThat(first).containsEntry("ansibleProxmoxTokenId", USER + "!" + TOKEN)
			.containsEntry("ansibleProxmoxTokenPath", "homelab/services/ansible/proxmox-token")
			.containsEntry("ansibleProxmoxUserCreated", true)
			.containsEntry("ansibleProxmoxTokenCreated", true)
			.containsEntry("ansibleProxmoxTokenWritten", true)
			.containsEntry("ansibleContentCommitted", true)
			.containsEntry("ansibleDeployTokenCreated", true)
			.containsEntry("ansibleDeployTokenPath", "homelab/services/ansible/gitlab-deploy-token")
			.containsEntry("ansibleDeployTokenWritten", true)
			.containsEntry("ansibleCloneUrl", "http://127.0.10.23/homelab/ansible.git");
		// the real ansible-inventory listed every running VM of the rollout
		assertThat(List.of(((String) first.get("ansibleInventoryHosts")).split(","))).containsExactlyInAnyOrder("vault",
				"gitlab-ce", "ansible");
		assertThat(this.proxmox.access().token(USER, TOKEN)).isPresent();
		GitlabLab gitlabLab = this.lab.gitlab().lab(vmidOf("gitlab-ce")).orElseThrow();
		assertThat(gitlabLab.files("homelab/ansible", "main")).containsKeys("site.yml", "ansible.cfg",
				"inventory/proxmox.yml", "roles/node_exporter/tasks/main.yml");
		long project = project().id();
		assertThat(this.gitlab.deployTokens().list(project)).singleElement().satisfies(token -> {
			assertThat(token.active()).isTrue();
			assertThat(token.scopes()).containsExactly("read_repository");
		});
		Map<String, String> secrets = new LinkedHashMap<>();
		secrets.put("inventory token secret", read("proxmox-token", "secret"));
		secrets.put("deploy token", read("gitlab-deploy-token", "token"));
		assertThat(secrets.values()).doesNotContainNull();
		// the VM: the clone, the secret file as Vault holds it, no Git credentials left
		Map<String, byte[]> disk = vm(vmid).files();
		assertThat(disk).containsKeys(CLONE + "/site.yml", CLONE + "/.git/HEAD", "/usr/bin/ansible-playbook")
			.doesNotContainKey(AnsibleModel.GIT_CREDENTIALS);
		assertThat(new String(disk.get(AnsibleModel.SECRET_FILE))).isEqualTo(secrets.get("inventory token secret"));
		assertThat(new String(disk.get(CLONE + "/.git/config"))).doesNotContain(secrets.get("deploy token"));
		// the branch checked out is GitLab's newest commit, as git leaves it (HEAD, then
		// the
		// loose ref)
		assertThat(new String(disk.get(CLONE + "/.git/HEAD"))).isEqualTo("ref: refs/heads/main\n");
		assertThat(new String(disk.get(CLONE + "/.git/refs/heads/main")).strip())
			.isEqualTo(this.gitlab.repository().commits(project, "main", null, 1).get(0).id());
		assertThat(disk).containsKeys("/var/log/ansible/.dir", "/etc/logrotate.d/homelab-ansible");
		// the deploy token in Vault is the one GitLab made: it clones, read-only
		GitlabRepositories repositories = this.lab.gitlab().repositories().orElseThrow();
		String username = read("gitlab-deploy-token", "username");
		assertThat(repositories.canRead("homelab/ansible", username, secrets.get("deploy token"))).isTrue();

		Map<String, Object> checked = this.runs.run("ansible-check", "an-1", Map.of()).variables();

		assertThat(checked).containsEntry("ansiblePlaybooksFunctionalMet", true)
			.containsEntry("ansibleAutomationWorkingMet", true);
		assertThat((String) checked.get("ansiblePlaybooksFunctionalResult"))
			.contains("ansible-playbook site.yml --check: exit 0, 3 host(s)", "failed=0");
		assertThat((String) checked.get("ansibleAutomationWorkingResult")).contains("first run: exit 0",
				"second run: exit 0, 3 host(s), changed=0", "idempotent");
		// every run logged as ansible.cfg's log_path has it: the newest recap last
		String log = new String(vm(vmid).files().get("/var/log/ansible/ansible.log"));
		assertThat(log.lines())
			.allMatch(line -> line.matches("\\d{4}-\\d\\d-\\d\\d [\\d:,]+ p=\\d+ u=root n=ansible \\| .*"));
		assertThat(log.split("PLAY RECAP")).as("three runs: --check, the first and the second").hasSize(4);
		int requests = this.lab.journal().entries().size();

		Map<String, Object> second = install("an-2");

		assertThat(second).containsEntry("ansibleProxmoxUserCreated", false)
			.containsEntry("ansibleProxmoxUserGranted", false)
			.containsEntry("ansibleProxmoxTokenCreated", false)
			.containsEntry("ansibleProxmoxTokenWritten", false)
			.containsEntry("ansibleContentCommitted", false)
			.containsEntry("ansibleContentCommit", "")
			.containsEntry("ansibleDeployTokenCreated", false)
			.containsEntry("ansibleDeployTokenWritten", false)
			.containsEntry("ansibleDeployTokenId", first.get("ansibleDeployTokenId"));
		assertThat(this.runs.passed(this.runs.last("ansible-install"), "install-ansible")).isTrue();
		assertThat(this.lab.journal().entries().stream().skip(requests))
			.noneMatch(e -> e.method().equals("POST") && (e.path().contains("/access/")
					|| e.path().contains("/deploy_tokens") || e.path().endsWith("/repository/commits")));
		assertThat(read("proxmox-token", "secret")).isEqualTo(secrets.get("inventory token secret"));

		this.runs.run("ansible-remove", "an-2", removal(second));

		assertThat(this.proxmox.access().token(USER, TOKEN)).isPresent();
		assertThat(stored("proxmox-token")).isTrue();
		assertThat(stored("gitlab-deploy-token")).isTrue();
		assertThat(gitlabLab.files("homelab/ansible", "main")).containsKey("site.yml");

		Map<String, Object> removed = this.runs.run("ansible-remove", "an-1", removal(first)).variables();

		assertThat((String) removed.get("ansibleRemoved")).contains("revoked", "1 commit(s) reverted", "removed");
		assertThat(this.proxmox.access().token(USER, TOKEN)).isEmpty();
		assertThat(this.proxmox.access().userExists(USER)).isFalse();
		assertThat(this.proxmox.access().acl()).noneMatch(entry -> entry.toString().contains(USER));
		assertThat(this.gitlab.deployTokens().list(project)).noneMatch(token -> token.active());
		assertThat(repositories.canRead("homelab/ansible", username, secrets.get("deploy token"))).isFalse();
		// reverted by a new commit: the repository is as Phase 2 left it, history kept
		assertThat(gitlabLab.files("homelab/ansible", "main")).isEmpty();
		assertThat(this.gitlab.repository().commits(project, "main", null, 10)).hasSize(2);
		assertThat(stored("proxmox-token")).isFalse();
		assertThat(stored("gitlab-deploy-token")).isFalse();

		List<String> haystacks = new ArrayList<>(SecretScan.tables(this.jdbc));
		haystacks.add(output.getAll());
		assertThat(SecretScan.findings(secrets, haystacks)).isEmpty();
	}

	@Test
	void aTokenWhoseSecretVaultLostIsMadeAnewAndAFailingPlaybookIsACriterionNotMet() {
		LabServices services = new LabServices(this.runs);
		services.vault("af-vault");
		services.gitlab("af-gitlab");
		this.runs.run("provision-vm", "af-vm", Map.of("vmName", "ansible"));
		Map<String, Object> first = install("af-1");
		String lost = read("proxmox-token", "secret");
		// the secret lost from Vault (deleted by someone): PVE cannot show it again
		this.writer.delete(this.vaults.target(null, null),
				new SecretReference("homelab", "services/ansible/proxmox-token"));

		Map<String, Object> second = install("af-2");

		assertThat(second).containsEntry("ansibleProxmoxUserCreated", false)
			.containsEntry("ansibleProxmoxTokenCreated", true)
			.containsEntry("ansibleProxmoxTokenWritten", true)
			.containsEntry("ansibleContentCommitted", false);
		String secret = read("proxmox-token", "secret");
		assertThat(secret).isNotNull().isNotEqualTo(lost);
		// the new secret reached the VM and works: the inventory listed the VMs with it
		assertThat((String) second.get("ansibleInventoryHosts")).contains("vault", "gitlab-ce", "ansible");

		// the first task on the first host fails: the criterion is not met, no incident
		this.lab.faults().arm(FaultInjector.Rule.nth("ansible", "playbook", FaultInjector.Kind.TASK_ERROR, 1));
		Map<String, Object> checked = this.runs.run("ansible-check", "af-check", Map.of()).variables();

		assertThat(checked).containsEntry("ansiblePlaybooksFunctionalMet", false);
		assertThat((String) checked.get("ansiblePlaybooksFunctionalResult")).contains("exit non-zero", "failed=1");
		assertThat((String) checked.get("ansibleCheckRunOutput")).contains("FAILED!");

		this.runs.run("ansible-remove", "af-2", removal(second));
		this.runs.run("ansible-remove", "af-1", removal(first));

		assertThat(this.proxmox.access().userExists(USER)).isFalse();
		assertThat(stored("proxmox-token")).isFalse();
		assertThat(stored("gitlab-deploy-token")).isFalse();
		assertThat(this.gitlab.deployTokens().list(project().id())).noneMatch(token -> token.active());
	}

	private Map<String, Object> install(String run) {
		Map<String, Object> in = new HashMap<>();
		in.put("vmName", "ansible");
		in.put("rolloutRun", run);
		return this.runs.run("ansible-install", run, in).variables();
	}

	private static Map<String, Object> removal(Map<String, Object> installed) {
		Map<String, Object> in = new HashMap<>();
		for (String name : List.of("ansibleDeployTokenId", "ansibleDeployTokenCreated", "ansibleDeployTokenWritten",
				"ansibleContentCommitted", "ansibleProxmoxUserCreated", "ansibleProxmoxUserGranted",
				"ansibleProxmoxTokenCreated", "ansibleProxmoxTokenWritten")) {
			in.put(name, installed.get(name));
		}
		in.put("rolloutRun", installed.get("rolloutRun"));
		return in;
	}

	private GitlabProject project() {
		return this.gitlab.projects().findByPath("homelab/ansible").orElseThrow();
	}

	private String read(String name, String key) {
		return this.secrets.read(this.vaults.target(null, null),
				new SecretReference("homelab", "services/ansible/" + name), key);
	}

	private boolean stored(String name) {
		return this.writer.exists(this.vaults.target(null, null),
				new SecretReference("homelab", "services/ansible/" + name));
	}

	private int vmidOf(String name) {
		return this.lab.proxmox().vms().stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow().vmid();
	}

	private VmView vm(int vmid) {
		return this.lab.proxmox().vms().stream().filter(v -> v.vmid() == vmid).findFirst().orElseThrow();
	}

}
