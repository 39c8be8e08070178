package org.homelab.rollout.phases;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.commons.logging.LogFactory;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.task.Task;
import org.homelab.rollout.matrix.VmFirewallPlan;
import org.homelab.rollout.monitoring.MonitoringProperties;
import org.homelab.rollout.rehearsal.RehearsalLab;
import org.homelab.rollout.support.ProcessRuns;
import org.homelab.rollout.support.SecretScan;
import org.homelab.rollout.vault.InitResult;
import org.homelab.rollout.vault.IssuedTls;
import org.homelab.rollout.vault.VaultProperties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.doAnswer;

/**
 * phase-1-foundation against the embedded lab, every step real: happy path and re-run,
 * and a rejected gate, whose rollback undoes each branch in reverse order and leaves
 * nothing of the run in the lab. No secret the approved run made (Vault's shares, root
 * and engine tokens, Vault's TLS key, Grafana's admin password, the ESO proof value,
 * Prometheus' service account token, Grafana's viewer token) is in any ACT_* table, in
 * the log or in a REST answer about any of its runs; values are caught where they are
 * made (the spies of Phase1Context).
 */
@ExtendWith(OutputCaptureExtension.class)
class Phase1FoundationIntegrationTests extends Phase1Context {

	/**
	 * The compensation handlers of each branch, in the order the rollback must run them.
	 */
	static final List<String> VAULT_UNDO = List.of("disconnect-eso", "uninstall-external-secrets", "destroy-vault-vm");

	static final List<String> GRAFANA_UNDO = List.of("unexpose-vault-ui", "unexpose-grafana", "uninstall-grafana");

	static final List<String> PROMETHEUS_UNDO = List.of("uninstall-kube-state-metrics",
			"uninstall-prometheus-node-exporter", "remove-monitoring-access", "destroy-prometheus-vm");

	@Autowired
	VmFirewallPlan firewallPlan;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	VaultProperties vault;

	@Autowired
	MonitoringProperties monitoring;

	private final AtomicReference<InitResult> init = new AtomicReference<>();

	private final AtomicReference<IssuedTls> tls = new AtomicReference<>();

	private final List<String> generated = new CopyOnWriteArrayList<>();

	@BeforeEach
	void captureSecrets() {
		doAnswer(call -> remember(this.init, (InitResult) call.callRealMethod())).when(this.seal)
			.initialize(any(), anyInt(), anyInt(), anyList());
		doAnswer(call -> remember(this.tls, (IssuedTls) call.callRealMethod())).when(this.issuer)
			.issue(any(), any(), any(String[].class));
		doAnswer(call -> {
			String value = (String) call.callRealMethod();
			this.generated.add(value);
			return value;
		}).when(this.generator).generate(any());
	}

	@Test
	void approvedPhaseShowsEveryCriterionEndsDoneKeepsNoSecretAndARerunCreatesNothingNew(CapturedOutput output)
			throws Exception {
		FrontDoor frontDoor = new FrontDoor(this.lab);
		String phase = this.phase1.start("phase-1-happy");
		Task gate = this.phase1.awaitGate(phase);
		Map<String, Object> shown = this.tasks.getVariables(gate.getId());
		for (String criterion : List.of("prometheusCollecting", "grafanaOperational", "vaultConfigured",
				"alertingTested", "integrationMatrix")) {
			assertThat(shown).as("%s", shown.get(criterion + "Result"))
				.containsEntry(criterion + "Met", true)
				.containsKey(criterion + "Result");
		}
		assertThat((String) shown.get("integrationMatrixCells")).contains("Prometheus \u2705 Grafana: MET",
				"Grafana \u2705 Prometheus: MET", "Vault \u2705 Prometheus: MET", "Vault \u2705 Grafana: MET",
				"GitLab CE \u2705 Vault: comes with Phase 2");
		assertThat(this.tasks.createTaskQuery().taskId(gate.getId()).taskCandidateGroup("rollout-operators").count())
			.isOne();
		this.phase1.decide(gate, "approve");

		assertThat(this.phase1.awaitEnd(phase)).isEqualTo("phase-1-done");
		assertThat(this.phase1.vms("prometheus")).hasSize(1);
		assertThat(this.phase1.vms("vault")).hasSize(1);
		assertThat(this.phase1.releases()).containsExactlyInAnyOrderElementsOf(Phase1.RELEASES);
		assertThat(this.runs.variables(phase)).containsEntry("prometheusVmCreated", true)
			.containsEntry("vaultVmCreated", true)
			.containsEntry("rolloutRun", "phase-1-happy")
			.containsEntry("releaseReadyTimeout", "PT15M");
		assertThat(this.lab.journal().violations()).isEmpty();
		MatrixFirewalls.assertAsDerived(this.firewallPlan, this.lab, 1, "prometheus", "vault");
		assertBehindTheFrontDoor(frontDoor);
		assertThat(this.runs.variables(phase)).containsEntry("grafanaSiteAdded", true)
			.containsEntry("grafanaRuleAdded", true)
			.containsEntry("vaultUiEntryAdded", true);
		assertNoSecretOfPhase1InTheEngine(output, "phase-1-happy");
		Map<String, String> exposed = frontDoor.files();

		int vmids = this.phase1.vms("prometheus").get(0).vmid();
		this.lab.journal().clear();
		String again = this.phase1.start("phase-1-happy");
		this.phase1.decide(this.phase1.awaitGate(again), "approve");
		assertThat(this.phase1.awaitEnd(again)).isEqualTo("phase-1-done");
		assertThat(this.phase1.vms("prometheus")).extracting(vm -> vm.vmid()).containsExactly(vmids);
		assertThat(this.phase1.vms("vault")).hasSize(1);
		assertThat(this.phase1.releases()).hasSize(Phase1.RELEASES.size());
		assertThat(this.lab.journal().entries()).noneMatch(e -> e.path().endsWith("/clone"));
		MatrixFirewalls.assertAsDerived(this.firewallPlan, this.lab, 1, "prometheus", "vault");
		assertThat(frontDoor.files()).as("the front door's files after the re-run").isEqualTo(exposed);
		assertThat(this.runs.variables(again)).containsEntry("grafanaSiteAdded", false)
			.containsEntry("grafanaRuleAdded", false)
			.containsEntry("vaultUiEntryAdded", false);
	}

	/**
	 * No secret of the run reaches the engine's ACT_* tables, the log or a REST answer
	 * about the phase or any process it called.
	 */
	private void assertNoSecretOfPhase1InTheEngine(CapturedOutput output, String businessKey) throws Exception {
		List<String> ids = this.runs.instances(businessKey);
		assertThat(ids).hasSizeGreaterThan(10);
		List<String> answers = SecretScan.restAnswers(this.port, ids);
		LogFactory.getLog(getClass()).info("scan marker: the log is captured");

		Map<String, String> secrets = secrets();
		List<String> tables = SecretScan.tables(this.jdbc);
		assertThat(tables).as("ACT_* tables are read").anyMatch(row -> row.contains("grafanaAdminSecretPath"));
		assertThat(answers).as("REST answers are read").anyMatch(a -> a.contains("vaultConfiguredResult"));
		assertThat(output.getAll()).as("the log is read").contains("scan marker: the log is captured");
		assertThat(SecretScan.findings(secrets, tables)).as("in ACT_* tables").isEmpty();
		assertThat(SecretScan.findings(secrets, List.of(output.getAll()))).as("in the log").isEmpty();
		assertThat(SecretScan.findings(secrets, answers)).as("in REST answers").isEmpty();
	}

	private static <T> T remember(AtomicReference<T> into, T value) {
		into.set(value);
		return value;
	}

	/** Every secret the run made, by a name saying what it is. */
	private Map<String, String> secrets() throws Exception {
		Map<String, String> secrets = new LinkedHashMap<>();
		List<String> shares = this.init.get().shares();
		for (int i = 0; i < shares.size(); i++) {
			secrets.put("share " + i + " (base64)", shares.get(i));
			secrets.put("share " + i + " (hex)", HexFormat.of().formatHex(Base64.getDecoder().decode(shares.get(i))));
		}
		secrets.put("root token", this.init.get().rootToken());
		secrets.put("engine token", Files.readString(this.vault.engineTokenFile()).trim());
		secrets.put("Grafana viewer token", Files.readString(this.monitoring.grafanaTokenFile()).trim());
		String key = this.tls.get().privateKeyPem();
		secrets.put("Vault TLS key (first base64 line)", key.lines().skip(1).findFirst().orElseThrow());
		assertThat(this.generated).as("Grafana's admin password and the ESO proof value")
			.hasSizeGreaterThanOrEqualTo(2);
		for (int i = 0; i < this.generated.size(); i++) {
			secrets.put("generated secret " + i, this.generated.get(i));
		}
		this.lab.kubernetes()
			.client()
			.secrets()
			.inNamespace(this.monitoring.namespace())
			.list()
			.getItems()
			.stream()
			.filter(s -> s.getData() != null && s.getData().containsKey("token"))
			.forEach(s -> secrets.put("service account token " + s.getMetadata().getName(),
					new String(Base64.getDecoder().decode(s.getData().get("token")), StandardCharsets.UTF_8)));
		assertThat(secrets).containsKey("service account token " + this.monitoring.serviceAccount() + "-token");
		return secrets;
	}

	/**
	 * Grafana and the Vault UI answer through the front door: without a session a
	 * redirect to Authelia's portal, with an admin's session (two factors for Vault) the
	 * service itself; Homepage lists both.
	 */
	private void assertBehindTheFrontDoor(FrontDoor frontDoor) throws IOException {
		assertThat(frontDoor.ask("grafana.rehearsal.lan", null)).startsWith("302 https://auth.rehearsal.lan:8443/?rd=");
		assertThat(frontDoor.ask("vault.rehearsal.lan", null)).startsWith("302 https://auth.rehearsal.lan:8443/?rd=");
		// past Authelia, Grafana answers itself: a real one sends an anonymous / to its
		// login, the lab's (its API) answers 401
		assertThat(frontDoor.ask("grafana.rehearsal.lan", frontDoor.admin(false))).as("Grafana, logged in")
			.matches("(200|302 /login|401) .*");
		assertThat(frontDoor.ask("vault.rehearsal.lan", frontDoor.admin(false))).as("Vault with one factor")
			.startsWith("403");
		assertThat(frontDoor.ask("vault.rehearsal.lan", frontDoor.admin(true))).as("Vault UI, two factors")
			.matches("(200|307 /ui/).*");
		assertThat(this.lab.frontdoor().homepageServices()).contains("https://grafana.rehearsal.lan/",
				"https://vault.rehearsal.lan/");
	}

	@Test
	void startedOnItsOwnThePhaseFirstShowsItsPlanAndARejectedPlanEndsItWithNothingChanged() {
		this.lab.journal().clear();
		String phase = this.phase1.startShowingPlan("phase-1-plan-rejected");
		Task review = this.phase1.awaitPlanReview(phase);

		assertThat((String) this.tasks.getVariable(review.getId(), "planSummary")).as("the plan shown for review")
			.matches("[0-9]+ create, .*");
		this.runs.complete(review, Map.of("planDecision", "reject"));
		this.runs.awaitEnd(phase, "phase-1-not-started");
		assertThat(this.runs.passed(phase, "fork-phase")).as("the phase's first step after the review").isFalse();
		assertThat(this.lab.journal().entries()).as("requests to the lab")
			.noneMatch(entry -> List.of("POST", "PUT", "DELETE").contains(entry.method()));
		assertThat(this.phase1.vms("prometheus")).isEmpty();
		assertThat(this.phase1.vms("vault")).isEmpty();
		assertThat(this.phase1.releases()).isEmpty();
	}

	@Test
	void rejectedGateRollsEachBranchBackInReverseOrderAndLeavesNothing() {
		Map<String, String> before = new FrontDoor(this.lab).files();
		String phase = this.phase1.start("phase-1-rejected");
		this.phase1.decide(this.phase1.awaitGate(phase), "reject");

		assertThat(this.phase1.awaitEnd(phase)).isEqualTo("phase-1-rolled-back");
		assertThat(this.runs.variables(phase)).containsEntry("phase1RollbackCause", "PHASE_1_REJECTED");
		assertRolledBackInReverseOrder(this.phase1, this.runs, this.lab, phase);
		assertThat(new FrontDoor(this.lab).files()).as("the front door's files after the rollback").isEqualTo(before);
	}

	static void assertRolledBackInReverseOrder(Phase1 phase1, ProcessRuns runs, RehearsalLab lab, String phase) {
		assertSequential(runs.activities(phase, PROMETHEUS_UNDO.toArray(String[]::new)), PROMETHEUS_UNDO);
		List<String> vaultUndo = runs.activities(phase, "disconnect-eso").isEmpty() ? VAULT_UNDO.subList(1, 3)
				: VAULT_UNDO;
		assertSequential(runs.activities(phase, vaultUndo.toArray(String[]::new)), vaultUndo);
		// an exposure is undone when it had completed before the rollback began
		List<String> grafanaUndo = GRAFANA_UNDO.stream()
			.filter(handler -> !handler.startsWith("un") || runs.activities(phase, handler.substring(2))
				.stream()
				.anyMatch(exposure -> exposure.getEndTime() != null && !exposure.isCanceled()))
			.toList();
		assertSequential(runs.activities(phase, grafanaUndo.toArray(String[]::new)), grafanaUndo);
		assertThat(phase1.vms("prometheus")).isEmpty();
		assertThat(phase1.vms("vault")).isEmpty();
		assertThat(phase1.releases()).isEmpty();
		assertThat(phase1.leftInCluster()).isEmpty();
		assertThat(phase1.grafanaInstalled()).as("Grafana on the frontend VM").isFalse();
		assertThat(phase1.vms("frontend")).as("the adopted frontend VM stays").hasSize(1);
		assertThat(lab.journal().violations()).isEmpty();
	}

	/**
	 * Each handler ran once, in this order, and started only after the one before it had
	 * ended.
	 */
	private static void assertSequential(List<HistoricActivityInstance> handlers, List<String> order) {
		assertThat(handlers).extracting(HistoricActivityInstance::getActivityId).containsExactlyElementsOf(order);
		for (int i = 1; i < handlers.size(); i++) {
			assertThat(handlers.get(i).getStartTime()).as(order.get(i) + " after " + order.get(i - 1))
				.isAfterOrEqualTo(handlers.get(i - 1).getEndTime());
		}
	}

}
