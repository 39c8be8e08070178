package org.homelab.rollout.backup.steps;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.backup.DisasterRecoveryPlan;
import org.homelab.rollout.engine.RolloutRun;
import org.homelab.rollout.gitlab.CommitAction;
import org.homelab.rollout.gitlab.GitlabProject;

import org.springframework.stereotype.Component;

/**
 * Renders the disaster-recovery runbook from the live state and the restore tests'
 * results and commits it to the gitops project, signed by the run, unless the committed
 * one says the same already (a retry or a re-run on an unchanged homelab commits
 * nothing).
 */
@Component
class CommitRecoveryPlanDelegate implements JavaDelegate {

	private final RecoveryPlans plans;

	CommitRecoveryPlanDelegate(RecoveryPlans plans) {
		this.plans = plans;
	}

	@Override
	public void execute(DelegateExecution execution) {
		String run = RolloutRun.of(execution);
		DisasterRecoveryPlan plan = this.plans.live(Instant.now(), run,
				(String) execution.getVariable(Phase4Variables.PBS_ADDRESS),
				(String) execution.getVariable(Phase4Variables.PBS_FINGERPRINT), restoreTests(execution));
		String markdown = plan.render();
		Optional<String> committed = this.plans.committed();
		String commit = null;
		if (committed.isEmpty() || !RecoveryPlans.body(committed.get()).equals(RecoveryPlans.body(markdown))) {
			GitlabProject project = this.plans.project();
			byte[] content = markdown.getBytes(StandardCharsets.UTF_8);
			CommitAction action = committed.isEmpty() ? CommitAction.create(RecoveryPlans.PATH, content)
					: CommitAction.update(RecoveryPlans.PATH, content);
			commit = this.plans.gitlab()
				.repository()
				.commitForRun(project.id(), RecoveryPlans.BRANCH, "Disaster-recovery runbook from the live state", run,
						List.of(action));
		}
		// created by this run: the first commit of the file was this one, or an earlier
		// attempt of this step's (a retry keeps what the first attempt said)
		Boolean before = (Boolean) execution.getVariable(Phase4Variables.PLAN_CREATED);
		execution.setVariable(Phase4Variables.PLAN_CREATED,
				Boolean.TRUE.equals(before) || (committed.isEmpty() && commit != null));
		execution.setVariable(Phase4Variables.PLAN_COMMIT, commit);
		execution.setVariable(Phase4Variables.PLAN_URL, this.plans.url());
	}

	/** Each VM's restore test, from the summary's lines ("vm: passed - ..."). */
	static Map<String, String> restoreTests(DelegateExecution execution) {
		String summary = (String) execution.getVariable(RestoreTests.AUTOMATED_RESULT);
		Map<String, String> tests = new java.util.LinkedHashMap<>();
		if (summary != null) {
			for (String line : summary.lines().toList()) {
				int colon = line.indexOf(": ");
				if (colon > 0) {
					tests.put(line.substring(0, colon), line.substring(colon + 2));
				}
			}
		}
		return tests;
	}

}
