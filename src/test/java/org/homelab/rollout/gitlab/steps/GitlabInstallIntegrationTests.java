package org.homelab.rollout.gitlab.steps;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.camunda.bpm.engine.ProcessEngine;
import org.homelab.rollout.gitlab.GitlabOperations;
import org.homelab.rollout.rehearsal.RehearsalLab;
import org.homelab.rollout.rehearsal.gitlab.GitlabLab;
import org.homelab.rollout.rehearsal.proxmox.VmView;
import org.homelab.rollout.support.LabServices;
import org.homelab.rollout.support.ProcessRuns;
import org.homelab.rollout.support.SecretScan;
import org.homelab.rollout.vault.EngineSecrets;
import org.homelab.rollout.vault.SecretGenerator;
import org.homelab.rollout.vault.SecretWriter;
import org.homelab.rollout.vault.VaultConfigurationCheck;
import org.homelab.rollout.vault.VaultSeal;
import org.homelab.rollout.vault.VaultTarget;
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
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;

/**
 * Phase 2.1 on the embedded lab (contract checks on), after Phase 1.2's Vault:
 * gitlab-install on a gitlab-ce VM another run provisioned installs GitLab CE from its
 * apt repository, gives root the password generated into Vault, puts the engine's token
 * into Vault and seeds the group and projects; gitlab-check finds GitLab functional with
 * that token; a second run adopts everything and creates nothing; gitlab-rotate-token
 * replaces the token in Vault; gitlab-remove of the second run removes nothing, of the
 * first exactly what it created. No secret is in any ACT_* table or the log.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "rollout.vault.state-dir=target/vault-it/${random.uuid}", "rollout.waits.initial-backoff=20ms",
				"rollout.waits.max-backoff=200ms" })
@ActiveProfiles({ "rehearsal", "test" })
@ExtendWith(OutputCaptureExtension.class)
class GitlabInstallIntegrationTests {

	private static final String ROOT_PASSWORD_HANDOVER = "/root/.homelab-rollout-gitlab-root-password";

	private static final String TOKEN_HANDOVER = "/root/.homelab-rollout-gitlab-engine-token";

	// the same spies as the Vault integration tests: one application context
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

	private final List<String> generated = new CopyOnWriteArrayList<>();

	private ProcessRuns runs;

	@BeforeEach
	void freshLab() {
		this.lab.reset();
		this.runs = new ProcessRuns(this.engine).within(Duration.ofSeconds(90)).failingOnJobExceptions();
		doAnswer(invocation -> {
			String value = (String) invocation.callRealMethod();
			this.generated.add(value);
			return value;
		}).when(this.generator).generate(any());
	}

	@AfterEach
	void noContractViolationsAndNothingLeftListening() {
		assertThat(this.lab.journal().violations()).isEmpty();
		this.lab.reset();
	}

	@Test
	void installsAdoptsRotatesAndRemovesOnlyWhatEachRunCreated(CapturedOutput output) {
		// GitLab goes on its planned VM only: another is refused before anything is
		// touched
		assertThatThrownBy(() -> this.runs.start("gitlab-install", "gl-bad", Map.of("vmName", "vault")))
			.hasMessageContaining("not started, nothing was created")
			.hasMessageContaining("vmName 'vault' is not the GitLab VM");
		setUpVault("gl-vault");
		Map<String, Object> vm = this.runs.run("provision-vm", "gl-vm", Map.of("vmName", "gitlab-ce")).variables();
		int vmid = (Integer) vm.get("vmid");

		Map<String, Object> first = install("gl-1", vm);

		assertThat(first).containsEntry("gitlabPresent", false)
			.containsEntry("gitlabInstalled", true)
			.containsEntry("gitlabUrl", "http://127.0.10.23")
			.containsEntry("gitlabRootPasswordPath", "homelab/services/gitlab/root-password")
			.containsEntry("gitlabRootPasswordWritten", true)
			.containsEntry("gitlabEngineTokenPath", "homelab/services/gitlab/engine-token")
			.containsEntry("gitlabEngineTokenWritten", true)
			.containsEntry("gitlabGroupCreated", true)
			.containsEntry("gitlabProjectsCreated", "gitops,ansible,ci-smoke");
		// seeded from the folders that exist: ci-smoke's; gitops and ansible are Phase
		// 3's
		List<String> seeded = List.of(((String) first.get("gitlabProjectsSeeded")).split(","));
		assertThat(seeded).containsExactly("ci-smoke");
		GitlabLab gitlabLab = this.lab.gitlab().lab(vmid).orElseThrow();
		assertThat(gitlabLab.ready()).isTrue();
		assertThat(gitlabLab.rootPasswordSet()).isTrue();
		assertThat(gitlabLab.config().externalUrl()).isEqualTo("https://gitlab.rehearsal.lan");
		assertThat(gitlabLab.config().bundledPrometheus()).isFalse();
		assertThat(gitlabLab.config().monitoringWhitelist()).containsExactly("127.0.0.0/8", "127.0.10.21/32",
				"127.0.0.1/32");
		assertThat(gitlabLab.config().settings()).containsEntry("prometheus['enable']", "false")
			.containsEntry("gitlab_rails['backup_keep_time']", "604800");
		assertThat(gitlabLab.groups()).containsExactly("homelab");
		assertThat(gitlabLab.projects()).containsExactlyInAnyOrder("homelab/gitops", "homelab/ansible",
				"homelab/ci-smoke");
		// Phase 3 fills these two (deploy/gitops, deploy/ansible); Phase 2 seeds ci-smoke
		assertThat(gitlabLab.files("homelab/gitops", "main")).isEmpty();
		assertThat(gitlabLab.files("homelab/ansible", "main")).isEmpty();
		assertThat(gitlabLab.files("homelab/ci-smoke", "main")).containsKey(".gitlab-ci.yml");
		assertThat(gitlabLab.tokens()).singleElement().satisfies(token -> {
			assertThat(token.name()).isEqualTo("homelab-rollout-engine");
			assertThat(token.scopes()).containsExactly("api");
			assertThat(token.expiresAt()).isEqualTo(LocalDate.now(ZoneOffset.UTC).plusDays(90));
			assertThat(token.revoked()).isFalse();
		});
		Map<String, byte[]> disk = vm(vmid).files();
		assertThat(disk).doesNotContainKey(ROOT_PASSWORD_HANDOVER)
			.containsKeys("/etc/gitlab/gitlab.rb", "/etc/cron.d/gitlab-backup")
			.doesNotContainKeys("/root/.homelab-rollout-gitlab.rb", "/root/.homelab-rollout-gitlab-backup.cron");
		assertThat(new String(disk.get(TOKEN_HANDOVER))).isEmpty();
		assertThat(new String(disk.get("/etc/cron.d/gitlab-backup"))).contains("0 2 * * * root", "gitlab-backup create",
				"cp -p /etc/gitlab/gitlab.rb /etc/gitlab/gitlab-secrets.json /var/opt/gitlab/backups/");
		// the token in Vault is the one GitLab issued: the engine's client works with it
		assertThat(this.gitlab.version().version()).isNotBlank();
		Map<String, Object> checked = this.runs.run("gitlab-check", "gl-1", Map.of()).variables();
		assertThat(checked).containsEntry("gitlabFunctionalMet", true);
		assertThat((String) checked.get("gitlabFunctionalResult")).contains("readiness 200 status ok",
				"API v4 answers the engine's token", "sign-in page 200 text/html");

		Map<String, String> secrets = new LinkedHashMap<>();
		secrets.put("root password", read("root-password", "password"));
		secrets.put("engine token", read("engine-token", "token"));
		assertThat(this.generated).contains(secrets.get("root password"));
		// root signs in with exactly the password Vault holds
		assertThat(this.lab.gitlab().rootSignsInWith(vmid, secrets.get("root password"))).isTrue();
		assertThat(this.lab.gitlab().rootSignsInWith(vmid, secrets.get("root password") + "x")).isFalse();
		int requests = this.lab.journal().entries().size();

		Map<String, Object> second = install("gl-2", vm);

		assertThat(second).containsEntry("gitlabPresent", true)
			.containsEntry("gitlabInstalled", false)
			.containsEntry("gitlabRootPasswordWritten", false)
			.containsEntry("gitlabEngineTokenWritten", false)
			.containsEntry("gitlabGroupCreated", false)
			.containsEntry("gitlabProjectsCreated", "")
			.containsEntry("gitlabProjectsSeeded", "");
		String secondId = this.runs.last("gitlab-install");
		assertThat(this.runs.passed(secondId, "install-gitlab")).isFalse();
		assertThat(this.runs.passed(secondId, "create-engine-token")).isFalse();
		assertThat(gitlabLab.tokens()).hasSize(1);
		assertThat(this.lab.journal().entries().stream().skip(requests))
			.noneMatch(e -> e.method().equals("POST") && e.path().startsWith("/api/v4/"));
		assertThat(read("root-password", "password")).isEqualTo(secrets.get("root password"));

		Map<String, Object> rotated = this.runs.run("gitlab-rotate-token", "gl-rotate", Map.of()).variables();

		assertThat(rotated).containsEntry("gitlabEngineTokenExpiresAt",
				LocalDate.now(ZoneOffset.UTC).plusDays(90).toString());
		secrets.put("rotated engine token", read("engine-token", "token"));
		assertThat(secrets.get("rotated engine token")).isNotEqualTo(secrets.get("engine token"));
		assertThat(gitlabLab.tokens()).extracting(GitlabLab.TokenView::revoked).containsExactly(true, false);
		assertThat(this.gitlab.version().version()).isNotBlank();

		// the token lost from Vault (its undo ran, someone deleted it): the next run
		// makes a
		// new one and ends the one it can no longer use
		this.writer.delete(this.vaults.target(null, null),
				new org.homelab.rollout.vault.SecretReference("homelab", "services/gitlab/engine-token"));

		Map<String, Object> third = install("gl-3", vm);

		assertThat(third).containsEntry("gitlabInstalled", false)
			.containsEntry("gitlabEngineTokenWritten", true)
			.containsEntry("gitlabProjectsCreated", "");
		assertThat(this.runs.passed(this.runs.last("gitlab-install"), "create-engine-token")).isTrue();
		assertThat(gitlabLab.tokens()).extracting(GitlabLab.TokenView::revoked).containsExactly(true, true, false);
		secrets.put("third engine token", read("engine-token", "token"));
		assertThat(this.gitlab.version().version()).isNotBlank();

		this.runs.run("gitlab-remove", "gl-2", removal(second));

		assertThat(gitlabLab.projects()).hasSize(3);
		assertThat(stored("root-password")).isTrue();
		assertThat(stored("engine-token")).isTrue();
		assertThat(vm(vmid).files()).containsKey("/opt/gitlab/embedded/service/gitlab-rails/VERSION");

		this.runs.run("gitlab-remove", "gl-1", removal(first));

		assertThat(gitlabLab.projects()).isEmpty();
		assertThat(gitlabLab.groups()).isEmpty();
		assertThat(stored("root-password")).isFalse();
		assertThat(stored("engine-token")).isFalse();
		// gl-1 installed GitLab on a VM it did not create: purged, the VM stays
		assertThat(vm(vmid).files()).doesNotContainKey("/opt/gitlab/embedded/service/gitlab-rails/VERSION");
		assertThat(this.lab.gitlab().lab(vmid)).isEmpty();

		// the criterion fails where GitLab is gone, without an incident
		Map<String, Object> gone = this.runs.run("gitlab-check", "gl-gone", Map.of()).variables();
		assertThat(gone).containsEntry("gitlabFunctionalMet", false);
		assertThat((String) gone.get("gitlabFunctionalResult")).contains("did not answer");

		List<String> haystacks = new ArrayList<>(SecretScan.tables(this.jdbc));
		haystacks.add(output.getAll());
		assertThat(SecretScan.findings(secrets, haystacks)).isEmpty();
	}

	private Map<String, Object> install(String run, Map<String, Object> vm) {
		Map<String, Object> in = new HashMap<>();
		in.put("vmName", "gitlab-ce");
		in.put("rolloutRun", run);
		return this.runs.run("gitlab-install", run, in).variables();
	}

	private static Map<String, Object> removal(Map<String, Object> installed) {
		Map<String, Object> in = new HashMap<>();
		in.put("vmName", "gitlab-ce");
		for (String name : List.of("gitlabInstalled", "gitlabRootPasswordWritten", "gitlabEngineTokenWritten",
				"gitlabGroupCreated", "gitlabProjectsCreated")) {
			in.put(name, installed.get(name));
		}
		in.put("rolloutRun", installed.get("rolloutRun"));
		return in;
	}

	private String read(String name, String key) {
		VaultTarget target = this.vaults.target(null, null);
		return this.secrets.read(target,
				new org.homelab.rollout.vault.SecretReference("homelab", "services/gitlab/" + name), key);
	}

	private boolean stored(String name) {
		return this.writer.exists(this.vaults.target(null, null),
				new org.homelab.rollout.vault.SecretReference("homelab", "services/gitlab/" + name));
	}

	private VmView vm(int vmid) {
		return this.lab.proxmox().vms().stream().filter(v -> v.vmid() == vmid).findFirst().orElseThrow();
	}

	/** Phase 1.2's Vault, as VaultChain brings it up. */
	private void setUpVault(String run) {
		new LabServices(this.runs).vault(run);
	}

}
