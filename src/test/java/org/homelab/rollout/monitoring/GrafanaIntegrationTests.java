package org.homelab.rollout.monitoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.Incident;
import org.homelab.rollout.monitoring.steps.MonitoringVariables;
import org.homelab.rollout.proxmox.ProxmoxOperations;
import org.homelab.rollout.rehearsal.RehearsalLab;
import org.homelab.rollout.rehearsal.monitoring.SimulatedGrafana;
import org.homelab.rollout.support.ProcessRuns;
import org.homelab.rollout.support.SecretScan;
import org.homelab.rollout.vault.VaultConnections;
import org.homelab.rollout.vault.VaultLabFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.vault.core.VaultOperations;
import org.springframework.vault.support.VaultInitializationRequest;
import org.springframework.vault.support.VaultInitializationResponse;
import org.springframework.vault.support.VaultMount;
import org.springframework.vault.support.VaultResponse;
import org.springframework.vault.support.VaultToken;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * grafana-install, grafana-uninstall and grafana-admin-to-vault against the lab's
 * existing frontend server: Grafana installed or adopted, provisioned and healthy;
 * rollback removes only what a run added and never the VM; the admin password lands in
 * Vault and in Grafana, and nowhere in the engine's tables or log.
 */
@SpringBootTest(properties = { "rollout.waits.initial-backoff=50ms", "rollout.waits.max-backoff=300ms",
		"rollout.proxmox.steps.retry-cycle=PT1S,PT1S,PT1S" })
@ActiveProfiles({ "rehearsal", "test" })
@ExtendWith(OutputCaptureExtension.class)
class GrafanaIntegrationTests {

	static final int FRONTEND = 110;

	static final Path DIR = temp();

	static final VaultLabFixture VAULT = new VaultLabFixture(DIR);

	static VaultOperations vaultRoot;

	@DynamicPropertySource
	static void vault(DynamicPropertyRegistry registry) {
		registry.add("rollout.vault.address", () -> VAULT.target().address().toString());
		registry.add("rollout.vault.ca-file", () -> VAULT.caFile().toString());
		registry.add("rollout.vault.state-dir", () -> DIR.resolve("vault-state").toString());
		registry.add("rollout.monitoring.state-dir", () -> DIR.resolve("monitoring").toString());
	}

	@AfterAll
	static void closeVault() {
		VAULT.close();
	}

	@Autowired
	RehearsalLab lab;

	@Autowired
	ProcessEngine engine;

	@Autowired
	ManagementService management;

	@Autowired
	MonitoringClients clients;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	ProxmoxOperations proxmox;

	ProcessRuns runs;

	@BeforeEach
	void reset() throws IOException {
		this.lab.reset();
		// no Viewer token of an earlier test: each test makes its own
		Files.deleteIfExists(DIR.resolve("monitoring/grafana-viewer-token"));
		this.runs = new ProcessRuns(this.engine).within(Duration.ofSeconds(90));
	}

	@Test
	void installsProvisionsAndRollsBackOnlyWhatTheRunAdded() {
		ProcessRuns.Run install = this.runs.run("grafana-install", "gr-1", Map.of());

		assertThat(install.variables()).containsEntry(MonitoringVariables.GRAFANA_INSTALLED, true)
			.containsEntry(MonitoringVariables.GRAFANA_URL, "http://127.0.10.10:3000");
		SimulatedGrafana grafana = this.lab.monitoring().grafana().grafana(FRONTEND).orElseThrow();
		assertThat(grafana.dashboardTitles()).containsExactlyInAnyOrder("Homelab nodes", "Homelab K3s", "Homelab Vault",
				"Homelab GitLab", "Homelab Argo CD", "Homelab Proxmox Backup", "Homelab rollout engine");
		assertThat(grafana.datasources()).singleElement()
			.satisfies(ds -> assertThat(ds).containsEntry("url", "http://127.0.10.21:9090"));
		// before grafana-admin-to-vault the engine has no Viewer token, and it never
		// tries admin/admin
		Map<String, Object> criteria = this.runs.run("monitoring-criteria-test", "criteria", Map.of()).variables();
		assertThat(criteria).containsEntry("grafanaOperationalMet", false);
		assertThat((String) criteria.get("grafanaOperationalResult")).contains("no Viewer token",
				"grafana-viewer-token", "run grafana-admin-to-vault");

		// the same run again: still its own install; another run adopts it
		assertThat(this.runs.run("grafana-install", "gr-1", Map.of()).variables())
			.containsEntry(MonitoringVariables.GRAFANA_INSTALLED, true);
		assertThat(this.runs.run("grafana-install", "gr-2", Map.of()).variables())
			.containsEntry(MonitoringVariables.GRAFANA_INSTALLED, false);
		// a re-run provisions every shipped dashboard again: how Phase 2's GitLab and
		// Phase 3's Argo CD dashboards reach a Grafana Phase 1 installed before they were
		// shipped
		assertThat(this.lab.monitoring().grafana().grafana(FRONTEND).orElseThrow().dashboardTitles())
			.contains("Homelab GitLab", "Homelab Argo CD");

		// the adopting run's rollback leaves Grafana running, without the provisioning it
		// wrote last
		this.runs.run("grafana-uninstall", "gr-2", Map.of(MonitoringVariables.GRAFANA_INSTALLED, false));
		assertThat(this.clients.grafana("http://127.0.10.10:3000").health().healthy()).isTrue();
		assertThat(frontendFiles()).doesNotContainKey("/etc/grafana/provisioning/datasources/homelab-rollout.yaml")
			.containsKey("/etc/grafana/grafana.ini");

		// the installing run's rollback removes Grafana; the frontend server stays,
		// running
		this.runs.run("grafana-uninstall", "gr-1", Map.of(MonitoringVariables.GRAFANA_INSTALLED, true));
		assertThat(this.clients.grafana("http://127.0.10.10:3000").health().healthy()).isFalse();
		assertThat(frontendFiles()).doesNotContainKeys("/etc/grafana/grafana.ini", "/usr/sbin/grafana-server",
				"/etc/grafana/homelab-rollout-run");
		assertThat(this.lab.proxmox().vm(FRONTEND)).hasValueSatisfying(vm -> assertThat(vm.running()).isTrue());
	}

	@Test
	void anUnhealthyGrafanaIsReportedUnmet() {
		this.runs.run("grafana-install", "gr-3", Map.of());
		this.lab.monitoring().grafana().stopAll();
		Map<String, Object> criteria = this.runs.run("monitoring-criteria-test", "criteria", Map.of()).variables();
		assertThat(criteria).containsEntry("grafanaOperationalMet", false);
		assertThat((String) criteria.get("grafanaOperationalResult")).contains("not healthy");
	}

	@Test
	void theAdminPasswordGoesToVaultAndGrafanaAndNowhereElse(CapturedOutput output) throws Exception {
		VaultOperations root = initialisedVault();
		this.runs.run("grafana-install", "gr-4", Map.of());

		ProcessRuns.Run moved = this.runs.run("grafana-admin-to-vault", "gr-4", Map.of());

		assertThat(moved.variables()).containsEntry(MonitoringVariables.GRAFANA_ADMIN_SECRET_PATH,
				"homelab/services/grafana/admin-password");
		VaultResponse secret = root.read("homelab/data/services/grafana/admin-password");
		@SuppressWarnings("unchecked")
		String password = (String) ((Map<String, Object>) secret.getData().get("data")).get("value");
		assertThat(password).hasSize(32);
		GrafanaApi grafana = this.clients.grafana("http://127.0.10.10:3000");
		assertThat(grafana.authenticates(GrafanaApi.basic("admin", password))).isTrue();
		assertThat(grafana.authenticates(GrafanaApi.basic("admin", "admin"))).isFalse();
		// the engine checks dashboards with its Viewer token after the move
		Map<String, Object> criteria = this.runs.run("monitoring-criteria-test", "criteria", Map.of()).variables();
		assertThat(criteria).containsEntry("grafanaOperationalMet", true);
		assertThat((String) criteria.get("grafanaOperationalResult")).contains("homelab-nodes", "homelab-k3s",
				"homelab-vault");
		// the hand-over file in the frontend server is blanked
		assertThat(new String(frontendFiles().get("/root/.homelab-rollout-grafana-admin"), StandardCharsets.UTF_8))
			.isEmpty();
		// a re-run keeps the secret (no rotation)
		this.runs.run("grafana-admin-to-vault", "gr-4", Map.of());
		assertThat(grafana.authenticates(GrafanaApi.basic("admin", password))).isTrue();

		assertThat(SecretScan.tables(this.jdbc)).as("ACT_* tables are read")
			.anyMatch(row -> row.contains("grafana-admin-to-vault"));
		assertThat(SecretScan.tables(this.jdbc)).as("ACT_* tables").noneMatch(row -> row.contains(password));
		assertThat(output.getAll()).as("log").doesNotContain(password);
	}

	@Test
	void aFailingGrafanaCliLeavesNoPasswordInVaultAndItsRetryStartsOver() throws Exception {
		VaultOperations root = initialisedVault();
		this.runs.run("grafana-install", "gr-5", Map.of());
		this.lab.monitoring().grafana().refuseNextPasswordReset(FRONTEND);

		String id = this.runs.start("grafana-admin-to-vault", "gr-5", Map.of());
		Incident incident = this.runs.awaitIncident(id);

		assertThat(incident.getActivityId()).isEqualTo("report-failure");
		assertThat(incident.getIncidentMessage()).contains("database is locked");
		assertThat(root.read("homelab/metadata/services/grafana/admin-password")).as("password Grafana refused")
			.isNull();
		assertThat(new String(frontendFiles().get("/root/.homelab-rollout-grafana-admin"), StandardCharsets.UTF_8))
			.isEmpty();

		// the operator's Retry starts over with a new password, which Grafana takes
		this.management.setJobRetries(incident.getConfiguration(), 1);
		this.runs.awaitEnd(id);
		VaultResponse secret = root.read("homelab/data/services/grafana/admin-password");
		@SuppressWarnings("unchecked")
		String password = (String) ((Map<String, Object>) secret.getData().get("data")).get("value");
		assertThat(this.clients.grafana("http://127.0.10.10:3000").authenticates(GrafanaApi.basic("admin", password)))
			.isTrue();
	}

	@Test
	void aPasswordAnUnfinishedRunLeftInVaultIsReplacedNotTrusted() throws Exception {
		VaultOperations root = initialisedVault();
		this.runs.run("grafana-install", "gr-6", Map.of());
		// as a run cancelled while grafana cli ran leaves it: Vault's password, and the
		// hand-over still there
		root.write("homelab/data/services/grafana/admin-password", Map.of("data", Map.of("value", "unverified")));
		this.proxmox.agent("pve").fileWrite(FRONTEND, "/root/.homelab-rollout-grafana-admin", "unverified");

		ProcessRuns.Run moved = this.runs.run("grafana-admin-to-vault", "gr-6", Map.of());

		assertThat(moved.variables()).containsEntry(MonitoringVariables.GRAFANA_ADMIN_RESET, true);
		VaultResponse secret = root.read("homelab/data/services/grafana/admin-password");
		@SuppressWarnings("unchecked")
		String password = (String) ((Map<String, Object>) secret.getData().get("data")).get("value");
		assertThat(password).isNotEqualTo("unverified");
		assertThat(this.clients.grafana("http://127.0.10.10:3000").authenticates(GrafanaApi.basic("admin", password)))
			.isTrue();
	}

	/**
	 * Vault initialised once per class (the engine keeps the token it read), each test
	 * starting without Grafana's password in it.
	 */
	private VaultOperations initialisedVault() throws IOException {
		if (vaultRoot == null) {
			VaultConnections connections = new VaultConnections();
			VaultOperations anonymous = connections.anonymous(VAULT.target());
			VaultInitializationResponse init = anonymous.opsForSys()
				.initialize(VaultInitializationRequest.create(1, 1));
			anonymous.opsForSys().unseal(init.getKeys().get(0));
			vaultRoot = connections.withToken(VAULT.target(), init.getRootToken());
			vaultRoot.opsForSys()
				.mount("homelab", VaultMount.builder().type("kv").options(Map.of("version", "2")).build());
			// the test hands the engine the root token as its token (vault-setup would
			// create a narrower one)
			Files.createDirectories(DIR.resolve("vault-state"));
			Files.writeString(DIR.resolve("vault-state/engine-token"), init.getRootToken().getToken());
		}
		vaultRoot.delete("homelab/metadata/services/grafana/admin-password");
		return vaultRoot;
	}

	private Map<String, byte[]> frontendFiles() {
		return this.lab.proxmox().vm(FRONTEND).orElseThrow().files();
	}

	private static Path temp() {
		try {
			return Files.createTempDirectory("grafana-it");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
