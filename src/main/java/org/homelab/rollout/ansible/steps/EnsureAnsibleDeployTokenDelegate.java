package org.homelab.rollout.ansible.steps;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.gitlab.Adopted;
import org.homelab.rollout.gitlab.DeployTokenRequest;
import org.homelab.rollout.gitlab.GitlabOperations;
import org.homelab.rollout.gitlab.IssuedToken;

import org.springframework.stereotype.Component;

/**
 * The project's read-only deploy token ({@code read_repository}) the VM clones with,
 * straight into Vault ({@code services/ansible/gitlab-deploy-token}, keys
 * {@code username}, {@code token}). An active token whose value Vault holds is adopted;
 * one whose value Vault lacks is replaced (GitLab cannot show it again). Sets its id and
 * what this run made, for the undo; the value never leaves this job.
 */
@Component
class EnsureAnsibleDeployTokenDelegate implements JavaDelegate {

	private final AnsibleSteps steps;

	EnsureAnsibleDeployTokenDelegate(AnsibleSteps steps) {
		this.steps = steps;
	}

	@Override
	public void execute(DelegateExecution execution) {
		AnsibleStepProperties properties = this.steps.properties();
		GitlabOperations gitlab = this.steps.gitlab();
		long project = this.steps.project().id();
		DeployTokenRequest request = DeployTokenRequest.readOnly(properties.deployTokenName(), false,
				LocalDate.now(ZoneOffset.UTC).plusDays(properties.deployTokenLifetime().toDays()).toString());
		Adopted<IssuedToken> token = gitlab.deployTokens().findOrCreate(project, request);
		if (!token.value().hasValue() && this.steps.read(this.steps.deployToken(), AnsibleSteps.TOKEN) == null) {
			token = gitlab.deployTokens().replace(project, request);
		}
		boolean written = false;
		if (token.value().hasValue()) {
			this.steps.store(this.steps.deployToken(),
					Map.of(AnsibleSteps.USERNAME, token.value().username(), AnsibleSteps.TOKEN, token.value().value()));
			written = true;
		}
		execution.setVariable(AnsibleVariables.DEPLOY_TOKEN_ID, token.value().id());
		execution.setVariable(AnsibleVariables.DEPLOY_TOKEN_CREATED, token.created());
		execution.setVariable(AnsibleVariables.DEPLOY_TOKEN_PATH, this.steps.deployToken().toString());
		execution.setVariable(AnsibleVariables.DEPLOY_TOKEN_WRITTEN, written);
		execution.setVariable(AnsibleVariables.CLONE_URL, this.steps.cloneUrl());
	}

}
