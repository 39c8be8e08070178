package org.homelab.rollout.runner.steps;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.homelab.rollout.gitlab.GitlabRunner;
import org.homelab.rollout.waiting.Check;
import org.homelab.rollout.waiting.Look;
import org.homelab.rollout.waiting.WaitCondition;

import org.springframework.stereotype.Component;

/**
 * Topic {@code gitlab-runner-online}: looks once per check at {@code GET /runners/:id}
 * until GitLab says the runner is {@code online} (its manager on K3s polls with the
 * token); answers GitLab's {@code contacted_at}.
 */
@Component
class RunnerOnlineWait implements WaitCondition {

	static final String TOPIC = "gitlab-runner-online";

	private final RunnerSteps steps;

	RunnerOnlineWait(RunnerSteps steps) {
		this.steps = steps;
	}

	@Override
	public String topic() {
		return TOPIC;
	}

	@Override
	public Set<String> variables() {
		return Set.of(RunnerVariables.RUNNER_NAME, RunnerVariables.RUNNER_ID);
	}

	@Override
	public Check check(Look look) {
		Runner runner = Runner.of(look.variables());
		long id = look.required(RunnerVariables.RUNNER_ID, Number.class).longValue();
		Optional<GitlabRunner> found = this.steps.gitlab().runners().find(id);
		if (found.isEmpty()) {
			return Check.failed("GitLab has no runner " + id + " (" + runner.description()
					+ ") any more (GET /api/v4/runners/" + id + " answered 404): it was deleted meanwhile; run "
					+ "gitlab-runner-install again, which creates it anew.");
		}
		GitlabRunner state = found.get();
		if (GitlabRunner.ONLINE.equals(state.status())) {
			return Check.done((state.contactedAt() != null) ? Map.of(RunnerVariables.CONTACTED_AT, state.contactedAt())
					: Map.of());
		}
		return Check.waiting("GitLab runner " + runner.description() + " (id " + id + ") to come online; GitLab says "
				+ state.status() + ((state.contactedAt() != null) ? ", last contact " + state.contactedAt() : ""));
	}

	@Override
	public String overdue(Look look) {
		return "Check the pods of the release in namespace gitlab-runner and their log: a 403 from GitLab means the "
				+ "token in Vault is not this runner's (run gitlab-runner-remove, then gitlab-runner-install); an "
				+ "unreachable gitlabUrl means the front door or DNS.";
	}

}
