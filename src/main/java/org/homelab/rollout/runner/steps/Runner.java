package org.homelab.rollout.runner.steps;

import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.delegate.VariableScope;
import org.homelab.rollout.gitlab.GitlabProperties;
import org.homelab.rollout.vault.VaultPolicies;

/**
 * One of the plan's two runners and the names everything of it goes by: the runner's
 * description in GitLab, its token's Vault path, the ExternalSecret and Secret, the Helm
 * release. The Secret's name is what the values file's {@code runners.secret} says.
 */
record Runner(String name) {

	static final List<String> NAMES = List.of("gpu", "general");

	/** Where the runners and their build pods run (the chart's jobs namespace). */
	static final String NAMESPACE = "gitlab-runner";

	/** The key of the Vault entry and the Secret key the chart reads it from. */
	static final String VAULT_KEY = "token";

	static final String SECRET_KEY = "runner-token";

	/** The chart mounts it beside runner-token: empty with a runner token. */
	static final String REGISTRATION_KEY = "runner-registration-token";

	Runner {
		if (name == null || !NAMES.contains(name)) {
			throw new IllegalArgumentException("runnerName '" + name + "' refused: one of " + NAMES
					+ " (the plan's GPU runner on k3s-w-1 and general runner on k3s-w-2)");
		}
	}

	static Runner of(VariableScope variables) {
		return new Runner((String) variables.getVariable(RunnerVariables.RUNNER_NAME));
	}

	static Runner of(Map<String, Object> variables) {
		return new Runner((String) variables.get(RunnerVariables.RUNNER_NAME));
	}

	/**
	 * Its description in GitLab, by which a re-run finds it: {@code gitlab-runner-gpu}.
	 */
	String description() {
		return release();
	}

	/** The Helm release, ExternalSecret and Secret: {@code gitlab-runner-gpu}. */
	String release() {
		return "gitlab-runner-" + this.name;
	}

	/** Under the KV mount: {@code services/gitlab/runner-gpu}. */
	String vaultPath() {
		return VaultPolicies.GITLAB_RUNNER_TOKENS + this.name;
	}

	String defaultPlacement() {
		return this.name.equals("gpu") ? "runnerGpu" : "runnerGeneral";
	}

	String defaultValues() {
		return release() + ".yaml";
	}

	List<String> tags(GitlabProperties inventory) {
		return this.name.equals("gpu") ? inventory.gpuRunnerTags() : inventory.generalRunnerTags();
	}

}
