package org.homelab.rollout.gitlab.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.criteria.Criterion;
import org.homelab.rollout.gitlab.GitlabException;
import org.homelab.rollout.gitlab.GitlabVersion;

import org.springframework.stereotype.Component;

/**
 * Success criterion "GitLab CE accessible and functional": readiness with every check ok,
 * the API answering the engine's token ({@code GET /version}), the sign-in page served.
 * Sets {@code gitlabFunctionalMet} and {@code gitlabFunctionalResult}; an unreachable
 * GitLab is a criterion not met, never an error.
 */
@Component
class CheckGitlabFunctionalDelegate implements JavaDelegate {

	private final GitlabConnections connections;

	CheckGitlabFunctionalDelegate(GitlabConnections connections) {
		this.connections = connections;
	}

	@Override
	public void execute(DelegateExecution execution) {
		// never from an input: the engine sends its token there
		String url = this.connections.defaultUrl();
		GitlabConnections.Page readiness = this.connections.readiness(url);
		Criterion ready = readiness.ok() ? Criterion.met(readiness.detail()) : Criterion.unmet(readiness.detail());
		Criterion api;
		try {
			GitlabVersion version = this.connections.operations(url).version();
			api = Criterion.met("API v4 answers the engine's token: GitLab " + version.version());
		}
		catch (GitlabException ex) {
			api = Criterion.unmet("API v4 with the engine's token: " + ex.getMessage());
		}
		GitlabConnections.Page signIn = this.connections.signIn(url);
		Criterion page = signIn.ok() ? Criterion.met(signIn.detail()) : Criterion.unmet(signIn.detail());
		GitlabVariables.criterion(execution, GitlabVariables.FUNCTIONAL,
				Criterion.met("GitLab at " + url).and(ready).and(api).and(page));
	}

}
