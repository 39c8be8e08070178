package org.homelab.rollout.ansible.steps;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.engine.RolloutRun;
import org.homelab.rollout.gitlab.CommitAction;
import org.homelab.rollout.gitlab.GitlabOperations;
import org.homelab.rollout.gitlab.GitlabProject;
import org.homelab.rollout.gitlab.SeedFiles;

import org.springframework.stereotype.Component;

/**
 * Commits {@code deploy/ansible/} into {@code homelab/ansible}: only files missing or
 * different, in one commit signed by the run ({@code commitForRun}), so ansible-remove's
 * {@code revertRun} finds exactly it; none when all are as wanted (a re-run commits
 * nothing). Files people added are left alone.
 */
@Component
class CommitAnsibleContentDelegate implements JavaDelegate {

	private final AnsibleSteps steps;

	CommitAnsibleContentDelegate(AnsibleSteps steps) {
		this.steps = steps;
	}

	@Override
	public void execute(DelegateExecution execution) {
		AnsibleStepProperties properties = this.steps.properties();
		Map<String, byte[]> wanted = SeedFiles.read(properties.content());
		GitlabOperations gitlab = this.steps.gitlab();
		GitlabProject project = this.steps.project();
		List<CommitAction> actions = new ArrayList<>();
		for (Map.Entry<String, byte[]> file : wanted.entrySet()) {
			Optional<byte[]> there = gitlab.repository().file(project.id(), file.getKey(), properties.branch());
			if (there.isEmpty()) {
				actions.add(CommitAction.create(file.getKey(), file.getValue()));
			}
			else if (!Arrays.equals(there.get(), file.getValue())) {
				actions.add(CommitAction.update(file.getKey(), file.getValue()));
			}
		}
		String commit = "";
		if (!actions.isEmpty()) {
			commit = gitlab.repository()
				.commitForRun(project.id(), properties.branch(),
						"Ansible playbooks and inventory from homelab-rollout (deploy/ansible/)",
						RolloutRun.of(execution), actions);
		}
		execution.setVariable(AnsibleVariables.CONTENT_COMMIT, commit);
		execution.setVariable(AnsibleVariables.CONTENT_COMMITTED, !commit.isEmpty());
	}

}
