package org.homelab.rollout.runner.steps;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.homelab.rollout.eso.EsoConnection;
import org.homelab.rollout.waiting.Check;
import org.homelab.rollout.waiting.Look;
import org.homelab.rollout.waiting.WaitCondition;

import org.springframework.stereotype.Component;

/**
 * Topic {@code gitlab-runner-secret-synced}: waits until the runner's ExternalSecret is
 * Ready and its Secret holds both keys the chart mounts. Only the keys' presence is
 * looked at; the token is never read.
 */
@Component
class RunnerSecretSyncedWait implements WaitCondition {

	static final String TOPIC = "gitlab-runner-secret-synced";

	private final EsoConnection eso;

	RunnerSecretSyncedWait(EsoConnection eso) {
		this.eso = eso;
	}

	@Override
	public String topic() {
		return TOPIC;
	}

	@Override
	public Set<String> variables() {
		return Set.of(RunnerVariables.RUNNER_NAME);
	}

	@Override
	public Check check(Look look) {
		Runner runner = Runner.of(look.variables());
		String pending = this.eso.syncPending(Runner.NAMESPACE, runner.release(),
				List.of(Runner.SECRET_KEY, Runner.REGISTRATION_KEY));
		return (pending == null) ? Check.done(Map.of()) : Check.waiting(pending);
	}

	@Override
	public String overdue(Look look) {
		return "Check the ExternalSecret's Events in namespace gitlab-runner (kubectl describe externalsecret): "
				+ "the ClusterSecretStore homelab-vault must be Ready and its Vault policy must let it read "
				+ "services/gitlab/runner-*.";
	}

}
