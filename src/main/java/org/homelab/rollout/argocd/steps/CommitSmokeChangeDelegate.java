package org.homelab.rollout.argocd.steps;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.engine.RolloutRun;
import org.homelab.rollout.gitlab.CommitAction;
import org.homelab.rollout.gitlab.GitlabProject;
import org.homelab.rollout.gitlab.RepositoryFile;

import org.springframework.stereotype.Component;

/**
 * The GitOps workflow's change: commits a new {@code data.message} of the smoke ConfigMap
 * ({@code smoke/configmap.yaml}), signed by the run so that the undo reverts it, then
 * asks Argo CD to refresh the smoke Application (as GitLab's webhook would) so that the
 * bound measures the sync, not the poll. The value is in {@code gitopsSmokeMessage} (no
 * secret) for the waits.
 */
@Component
class CommitSmokeChangeDelegate implements JavaDelegate {

	private static final Pattern MESSAGE = Pattern.compile("(?m)^(\\s+message:\\s*).*$");

	private static final String DEFAULT_BOUND = "PT5M";

	private final ArgoCdSteps steps;

	CommitSmokeChangeDelegate(ArgoCdSteps steps) {
		this.steps = steps;
	}

	@Override
	public void execute(DelegateExecution execution) {
		GitlabProject project = this.steps.gitopsProject();
		RepositoryFile file = this.steps.gitlab()
			.repository()
			.readFile(project.id(), GitopsLayout.SMOKE_FILE, GitopsLayout.BRANCH)
			.orElseThrow(() -> new IllegalStateException("homelab/gitops has no " + GitopsLayout.SMOKE_FILE + " on "
					+ GitopsLayout.BRANCH + ": run gitops-publish first."));
		String run = RolloutRun.of(execution);
		String message = "changed by homelab-rollout run " + run + " at "
				+ Instant.now().truncatedTo(ChronoUnit.SECONDS);
		String content = new String(file.content(), StandardCharsets.UTF_8);
		Matcher matcher = MESSAGE.matcher(content);
		if (!matcher.find()) {
			throw new IllegalStateException(GitopsLayout.SMOKE_FILE + " in homelab/gitops has no data.message line "
					+ "to change: restore it from deploy/gitops/ (gitops-publish), then retry.");
		}
		String changed = matcher.replaceFirst(Matcher.quoteReplacement(matcher.group(1) + "\"" + message + "\""));
		this.steps.gitlab()
			.repository()
			.commitForRun(project.id(), GitopsLayout.BRANCH, "Smoke check: change the smoke ConfigMap's message", run,
					List.of(CommitAction.updateText(GitopsLayout.SMOKE_FILE, changed)));
		this.steps.argocd(this.steps.vault(execution), this.steps.url(execution.getVariables()))
			.applications()
			.refresh("smoke", false);
		execution.setVariable(GitopsVariables.SMOKE_MESSAGE, message);
		Object bound = execution.getVariable(GitopsVariables.SYNC_BOUND);
		if (!(bound instanceof String given) || given.isBlank()) {
			execution.setVariable(GitopsVariables.SYNC_BOUND, DEFAULT_BOUND);
		}
	}

}
