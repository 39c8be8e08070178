package org.homelab.rollout.backup.steps;

import java.util.List;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.engine.RolloutRun;
import org.homelab.rollout.gitlab.CommitAction;
import org.homelab.rollout.gitlab.GitlabProject;

import org.springframework.stereotype.Component;

/**
 * Undo of commit-recovery-plan: deletes the runbook, by a commit of the run, when this
 * run created it (a runbook of backups that were rolled back would mislead whoever
 * restores); one an earlier run committed is left, as is history.
 */
@Component
class RemoveRecoveryPlanDelegate implements JavaDelegate {

	private final RecoveryPlans plans;

	RemoveRecoveryPlanDelegate(RecoveryPlans plans) {
		this.plans = plans;
	}

	@Override
	public void execute(DelegateExecution execution) {
		if (!Boolean.TRUE.equals(execution.getVariable(Phase4Variables.PLAN_CREATED))
				|| this.plans.committed().isEmpty()) {
			return;
		}
		GitlabProject project = this.plans.project();
		this.plans.gitlab()
			.repository()
			.commitForRun(project.id(), RecoveryPlans.BRANCH,
					"Remove the disaster-recovery runbook (Phase 4 rolled back)", RolloutRun.of(execution),
					List.of(CommitAction.delete(RecoveryPlans.PATH)));
	}

}
