package org.homelab.rollout.runner.steps;

import java.util.Optional;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.engine.RolloutRun;
import org.homelab.rollout.gitlab.GitlabOperations;
import org.homelab.rollout.gitlab.GitlabProperties;
import org.homelab.rollout.gitlab.GitlabRunner;
import org.homelab.rollout.gitlab.IssuedToken;
import org.homelab.rollout.gitlab.RunnerRequest;
import org.homelab.rollout.vault.SecretReference;
import org.homelab.rollout.vault.SecretWriter;
import org.homelab.rollout.vault.VaultTarget;

import org.springframework.stereotype.Component;

/**
 * Looks first: an instance runner with this runner's description whose token Vault holds
 * is adopted. GitLab shows a token once, so a runner GitLab has but Vault lacks the token
 * of is deleted and made again. A new runner ({@code POST /user/runners}: instance type,
 * the inventory's tags, untagged jobs refused) has its token written straight into Vault;
 * the process gets the runner's id and the Vault path.
 */
@Component
class EnsureRunnerDelegate implements JavaDelegate {

	/** The runner's maintenance note names the rollout run that created it. */
	static final String NOTE = "created by homelab-rollout run ";

	private final RunnerSteps steps;

	private final GitlabProperties inventory;

	private final SecretWriter writer;

	EnsureRunnerDelegate(RunnerSteps steps, GitlabProperties inventory, SecretWriter writer) {
		this.steps = steps;
		this.inventory = inventory;
		this.writer = writer;
	}

	@Override
	public void execute(DelegateExecution execution) {
		Runner runner = Runner.of(execution);
		GitlabOperations gitlab = this.steps.gitlab();
		VaultTarget vault = this.steps.vault(execution);
		SecretReference token = this.steps.token(runner);
		Optional<GitlabRunner> found = gitlab.runners().findInstanceRunner(runner.description());
		boolean inVault = this.writer.exists(vault, token);
		long id;
		boolean created;
		String note = NOTE + RolloutRun.of(execution);
		if (found.isPresent() && inVault) {
			id = found.get().id();
			// this run's own (a retry after it was made): still this run's to undo
			created = note.equals(gitlab.runners().get(id).maintenanceNote());
		}
		else {
			// its token is lost: nobody can run as it, and GitLab cannot show it again
			found.ifPresent(lost -> gitlab.runners().delete(lost.id()));
			IssuedToken issued = gitlab.runners()
				.create(RunnerRequest.instance(runner.description(), runner.tags(this.inventory), false), true, note);
			this.writer.replace(vault, token, Runner.VAULT_KEY, issued.value());
			id = issued.id();
			created = true;
		}
		execution.setVariable(RunnerVariables.RUNNER_ID, id);
		execution.setVariable(RunnerVariables.RUNNER_CREATED, created);
		execution.setVariable(RunnerVariables.TOKEN_STORED, created);
		execution.setVariable(RunnerVariables.TOKEN_PATH, token.toString());
		Object node = execution.getVariable(RunnerVariables.RUNNER_NODE);
		if (!(node instanceof String given) || given.isBlank()) {
			execution.setVariable(RunnerVariables.RUNNER_NODE, runner.defaultPlacement());
		}
		Object values = execution.getVariable(RunnerVariables.VALUES_REF);
		if (!(values instanceof String given) || given.isBlank()) {
			execution.setVariable(RunnerVariables.VALUES_REF, runner.defaultValues());
		}
	}

}
