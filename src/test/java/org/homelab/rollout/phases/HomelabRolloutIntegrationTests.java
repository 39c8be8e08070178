package org.homelab.rollout.phases;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.rest.exception.InvalidRequestException;
import org.camunda.bpm.engine.task.Task;
import org.homelab.rollout.matrix.VmFirewallPlan;
import org.homelab.rollout.rehearsal.RequestJournal;
import org.homelab.rollout.rehearsal.proxmox.PveClient;
import org.homelab.rollout.support.ProcessRuns;
import org.homelab.rollout.support.TestLabs;
import org.homelab.rollout.support.Tool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The whole rollout on the lab, in the context the phase tests share. A run whose Phase 3
 * is rejected and which the operator rolls back to after Phase 1 leaves exactly Phase 1's
 * systems; the next run adopts Phase 1 and runs Phases 2 to 4 to the end, every gate
 * approved; a third adopts every phase and changes nothing; a backup job disabled by hand
 * is then found by the drift check. Zero contract violations.
 */
@TestPropertySource(properties = Phase1Context.LATER_PHASES)
class HomelabRolloutIntegrationTests extends Phase1Context {

	static final Duration TIMEOUT = Duration.ofSeconds(300);

	static final String ROLLOUT = "homelab-rollout";

	@Autowired
	VmFirewallPlan firewallPlan;

	ProcessRuns rollouts;

	@BeforeAll
	static void toolsInstalled() {
		Tool.ANSIBLE.require("the whole rollout (Phase 3's ansible VM) is");
	}

	@Test
	void rejectedPhase3RolledBackToAfterPhase1ThenTheWholeRolloutThenARerunThatAdoptsEverything() {
		this.rollouts = new ProcessRuns(this.engine).within(TIMEOUT)
			.meanwhile(() -> Phase1.moveVaultSharesOffline(this.engine));

		// Phases 1 and 2 approved, Phase 3 rejected, back to after Phase 1
		String first = this.rollouts.start(ROLLOUT, "rollout-back", Map.of());
		assertThat(approvePlan(first)).as("a fresh lab's plan").doesNotStartWith("0 create").contains(" 0 blocked");
		approve(first, 1);
		approve(first, 2);
		decide(first, 3, "reject");
		Task choose = this.rollouts.awaitTask(first, "choose-after-phase-3");
		Map<String, Object> shown = this.tasks.getVariables(choose.getId());
		assertThat((String) shown.get("stoppedCause")).startsWith("Phase 3 rolled back (PHASE_3_REJECTED)");
		assertThat((String) shown.get("rollbackOptions")).as("the order shown before it starts")
			.contains("**after-1**: Roll back to after Phase 1\n  1. Phase 2: ")
			.contains("**after-0**: Roll back everything this run made\n  1. Phase 2: ")
			.contains("\n  1. Phase 1: ");
		assertThatThrownBy(() -> this.rollouts.complete(choose, Map.of("rollbackChoice", "after-2")))
			.isInstanceOf(InvalidRequestException.class)
			.hasMessageContaining("'after-2' is no choice after Phase 3")
			.hasMessageContaining("the task stays open");
		this.rollouts.complete(choose, Map.of("rollbackChoice", "after-1"));
		this.rollouts.awaitEnd(first, "rollout-rolled-back");
		assertThat(this.rollouts.passed(first, "undo-phase-2")).isTrue();
		assertThat(this.rollouts.passed(first, "undo-phase-1")).isFalse();
		assertOnlyPhase1sSystems();
		assertThat(this.lab.journal().violations()).isEmpty();

		// the whole rollout: Phase 1 adopted, Phases 2 to 4 run and approved
		String whole = this.rollouts.start(ROLLOUT, "rollout-whole", Map.of());
		assertThat(approvePlan(whole)).as("the plan after Phase 1: its things adopted, the rest created")
			.doesNotStartWith("0 create")
			.doesNotContain(" 0 adopt,");
		approve(whole, 2);
		approve(whole, 3);
		approve(whole, 4);
		this.rollouts.awaitEnd(whole, "rollout-done");
		Map<String, Object> variables = this.rollouts.variables(whole);
		assertThat(variables).containsEntry("phase1Complete", true)
			.containsEntry("phase2Complete", false)
			.containsEntry("phase3Complete", false)
			.containsEntry("phase4Complete", false);
		assertThat(calledPhases(whole)).containsExactly("phase-2-cicd", "phase-3-gitops", "phase-4-backup");
		// the phases it called went past their own plan review: the rollout reviewed the
		// plan of all of them before its first
		this.history.createHistoricProcessInstanceQuery()
			.superProcessInstanceId(whole)
			.list()
			.stream()
			.filter(called -> LookAtPhaseDelegate.PHASES.contains(called.getProcessDefinitionKey()))
			.forEach(phase -> {
				assertThat(this.rollouts.passed(phase.getId(), "plan-review-done")).isTrue();
				assertThat(this.rollouts.passed(phase.getId(), "preview-plan"))
					.as(phase.getProcessDefinitionKey() + "'s own plan preview")
					.isFalse();
			});
		assertThat(TestLabs.vms(this.lab.proxmox(), "proxmox-backup")).hasSize(1);
		assertThat(this.lab.argocd().applications()).containsEntry("root", "Synced/Healthy");
		MatrixFirewalls.assertAsDerived(this.firewallPlan, this.lab, 4, "prometheus", "vault", "gitlab-ce", "ansible",
				"proxmox-backup");
		assertThat(this.lab.journal().violations()).isEmpty();

		// again: every phase adopted, nothing changed on any system
		this.lab.journal().clear();
		String again = this.rollouts.start(ROLLOUT, "rollout-whole", Map.of());
		assertThat(approvePlan(again)).as("the plan of a finished homelab: adopt only")
			.matches("0 create, [1-9][0-9]* adopt, 0 adopt with changes, 0 blocked; .*");
		this.rollouts.awaitEnd(again, "rollout-done");
		assertThat(this.rollouts.variables(again)).containsEntry("phase1Complete", true)
			.containsEntry("phase2Complete", true)
			.containsEntry("phase3Complete", true)
			.containsEntry("phase4Complete", true);
		assertThat(calledPhases(again)).isEmpty();
		assertThat(this.lab.journal().entries()).as("requests of the adopting run")
			.isNotEmpty()
			.extracting(RequestJournal.Entry::method)
			.isSubsetOf("GET", "HEAD");
		assertThat(this.lab.journal().violations()).isEmpty();

		// drift: the backup job disabled by hand is found by the drift check, the
		// suggested action re-running Phase 4
		PveClient pve = PveClient.trusting(this.lab.proxmox());
		assertThat(pve.put("/cluster/backup/homelab-rollout", "enabled", "0").code()).isEqualTo(200);
		String drift = this.rollouts.start("drift-check", Map.of());
		Task found = this.rollouts.awaitTask(drift, "drift-found");
		Map<String, Object> drifted = this.tasks.getVariables(found.getId());
		assertThat((String) drifted.get("driftCriteria")).contains("4/backupSchedulesConfigured");
		assertThat((String) drifted.get("driftAction")).contains("Run phase-4-backup again (Phase 4)");
		this.rollouts.complete(found, Map.of("driftAcknowledged", true));
		this.rollouts.awaitEnd(drift);

		// the next rollout's plan shows the change, so Phase 4 is not adopted but run
		// again, which repairs the job; Phases 1 to 3 are adopted
		String repair = this.rollouts.start(ROLLOUT, "rollout-repair", Map.of());
		assertThat(approvePlan(repair)).as("the plan of a drifted homelab")
			.matches("0 create, [1-9][0-9]* adopt, 1 adopt with changes, 0 blocked; .*");
		approve(repair, 4);
		this.rollouts.awaitEnd(repair, "rollout-done");
		Map<String, Object> repaired = this.rollouts.variables(repair);
		assertThat(repaired).containsEntry("phase3Complete", true).containsEntry("phase4Complete", false);
		assertThat((String) repaired.get("phase4Look"))
			.startsWith("the reviewed plan changes Phase 4 (adopt with changes proxmox backup-job homelab-rollout")
			.contains("enabled");
		assertThat(calledPhases(repair)).containsExactly("phase-4-backup");
		assertThat(pve.get("/cluster/backup/homelab-rollout").data().path("enabled").asInt(1)).as("the job enabled")
			.isEqualTo(1);
		assertThat(this.lab.journal().violations()).isEmpty();
	}

	private void assertOnlyPhase1sSystems() {
		for (String vm : List.of("prometheus", "vault")) {
			assertThat(TestLabs.vms(this.lab.proxmox(), vm)).as(vm).hasSize(1);
		}
		for (String vm : List.of("gitlab-ce", "ansible", "proxmox-backup")) {
			assertThat(TestLabs.vms(this.lab.proxmox(), vm)).as(vm).isEmpty();
		}
		assertThat(this.phase1.releases()).containsExactlyInAnyOrderElementsOf(Phase1.RELEASES);
		assertThat(new Phase2(this.lab, this.engine).releases()).as("Phase 2's runners").isEmpty();
		assertThat(this.lab.argocd().applications()).as("Argo CD's applications").isEmpty();
		assertThat(this.lab.frontdoor().nginxSites().keySet()).as("the front door's sites")
			.noneMatch(site -> site.contains("gitlab") || site.contains("registry") || site.contains("argocd"));
		MatrixFirewalls.assertAsDerived(this.firewallPlan, this.lab, 1, "prometheus", "vault");
	}

	/** The phase the rollout is running now, as a called instance. */
	private String awaitPhase(String rollout, int phase) {
		return this.rollouts.awaitCalled(rollout, LookAtPhaseDelegate.PHASES.get(phase - 1));
	}

	/** Approves the plan at its review; answers its summary. */
	private String approvePlan(String rollout) {
		Task review = this.rollouts.awaitPlanReview(rollout);
		String summary = (String) this.tasks.getVariable(review.getId(), "planSummary");
		this.rollouts.complete(review, Map.of("planDecision", "approve"));
		return summary;
	}

	private void approve(String rollout, int phase) {
		decide(rollout, phase, "approve");
	}

	private void decide(String rollout, int phase, String decision) {
		String called = awaitPhase(rollout, phase);
		ProcessRuns runs = new ProcessRuns(this.engine).within(TIMEOUT).meanwhile(() -> {
			Phase1.moveVaultSharesOffline(this.engine);
			notStopped(rollout, phase);
		});
		if (phase == 4) {
			runs.complete(runs.awaitTask(called, "test-restore-procedure"),
					Map.of("manualRestoreDone", true, "manualRestoreItem", "/etc/hostname from vault's newest backup"));
		}
		runs.complete(runs.awaitTask(called, "approve-phase-" + phase), Map.of("phase" + phase + "Decision", decision));
	}

	/**
	 * Fails at once, saying why, when the phase rolled itself back while the test waited
	 * for its gate (rather than after the whole timeout).
	 */
	private void notStopped(String rollout, int phase) {
		Task choose = this.tasks.createTaskQuery()
			.processInstanceId(rollout)
			.taskDefinitionKey("choose-after-phase-" + phase)
			.singleResult();
		if (choose != null) {
			throw new AssertionError("Phase " + phase + " rolled back before its gate: "
					+ this.tasks.getVariable(choose.getId(), "stoppedCause"));
		}
	}

	private List<String> calledPhases(String rollout) {
		return this.history.createHistoricProcessInstanceQuery()
			.superProcessInstanceId(rollout)
			.orderByProcessInstanceStartTime()
			.asc()
			.list()
			.stream()
			.map(called -> called.getProcessDefinitionKey())
			.filter(LookAtPhaseDelegate.PHASES::contains)
			.toList();
	}

}
