package org.homelab.rollout.phases;

import java.util.List;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;

import org.springframework.stereotype.Component;

/**
 * The start listener of phase-3-gitops: the variables as every phase checks them, then
 * Phase 2's GitLab and Phase 1's Vault, which Phase 3 commits its app-of-apps and
 * playbooks to and Argo CD and the Ansible VM read from. Either missing, or a GitLab that
 * is not ready, refuses the start with 400 naming what is missing, before anything is
 * created.
 */
@Component("phase3StartVariables")
public class Phase3StartVariables implements ExecutionListener {

	private final EarlierPhases earlier;

	Phase3StartVariables(EarlierPhases earlier) {
		this.earlier = earlier;
	}

	@Override
	public void notify(DelegateExecution execution) {
		List<String> problems = RunVariables.problems(execution, "Phase 3");
		if (problems.isEmpty()) {
			this.earlier.gitlabNotReady("Phase 3").ifPresent(problems::add);
		}
		if (problems.isEmpty()) {
			this.earlier.vaultMissing("Phase 3").ifPresent(problems::add);
		}
		if (!problems.isEmpty()) {
			throw new StartRefusedException("Phase 3 not started, nothing was created: " + String.join("; ", problems));
		}
		RunVariables.fillDefaults(execution);
	}

}
