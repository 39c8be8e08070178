package org.homelab.rollout.phases;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.task.Task;
import org.homelab.rollout.matrix.VmFirewallPlan;
import org.homelab.rollout.rehearsal.RehearsalLab;
import org.homelab.rollout.support.ProcessRuns;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * phase-1-foundation against the embedded lab, every step real: happy path and re-run,
 * and a rejected gate, whose rollback undoes each branch in reverse order and leaves
 * nothing of the run in the lab.
 */
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

	@Test
	void approvedPhaseShowsEveryCriterionAndEndsDoneAndARerunCreatesNothingNew() throws IOException {
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
