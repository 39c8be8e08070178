package org.homelab.rollout.argocd.steps;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.gitlab.Adopted;
import org.homelab.rollout.gitlab.DeployTokenRequest;
import org.homelab.rollout.gitlab.GitlabOperations;
import org.homelab.rollout.gitlab.GitlabProject;
import org.homelab.rollout.gitlab.IssuedToken;
import org.homelab.rollout.vault.SecretReference;
import org.homelab.rollout.vault.SecretWriter;
import org.homelab.rollout.vault.VaultTarget;

import org.springframework.stereotype.Component;

/**
 * Argo CD's read-only deploy token for {@code homelab/gitops} ({@code read_repository},
 * valid a year), its user name and value written straight into Vault
 * ({@code services/argocd/gitops-deploy-token}, keys {@code username} and {@code token}).
 * Looks first: an active token named {@code argocd-gitops} whose entry Vault holds is
 * adopted; one whose value Vault lacks is replaced (GitLab shows a value once). The
 * process gets the token's id and the Vault path.
 */
@Component
class EnsureDeployTokenDelegate implements JavaDelegate {

	/** A year: a re-run after it expired makes a new one. */
	private static final int DAYS = 365;

	private final ArgoCdSteps steps;

	private final SecretWriter writer;

	EnsureDeployTokenDelegate(ArgoCdSteps steps, SecretWriter writer) {
		this.steps = steps;
		this.writer = writer;
	}

	@Override
	public void execute(DelegateExecution execution) {
		VaultTarget vault = this.steps.vault(execution);
		SecretReference reference = this.steps.deployToken();
		GitlabOperations gitlab = this.steps.gitlab();
		GitlabProject project = this.steps.gitopsProject();
		DeployTokenRequest request = DeployTokenRequest.readOnly(ArgoCdSteps.DEPLOY_TOKEN_NAME, false,
				LocalDate.now(ZoneOffset.UTC).plusDays(DAYS).toString());
		boolean inVault = this.writer.exists(vault, reference);
		Adopted<IssuedToken> token = inVault ? gitlab.deployTokens().findOrCreate(project.id(), request)
				: gitlab.deployTokens().replace(project.id(), request);
		boolean stored = token.value().hasValue();
		if (stored) {
			this.writer.replace(vault, reference,
					Map.of("username", token.value().username(), "token", token.value().value()));
		}
		execution.setVariable(ArgoCdVariables.GITOPS_PROJECT_ID, project.id());
		execution.setVariable(ArgoCdVariables.DEPLOY_TOKEN_ID, token.value().id());
		execution.setVariable(ArgoCdVariables.DEPLOY_TOKEN_CREATED, token.created());
		execution.setVariable(ArgoCdVariables.DEPLOY_TOKEN_STORED, stored);
		execution.setVariable(ArgoCdVariables.DEPLOY_TOKEN_PATH, reference.toString());
		execution.setVariable(ArgoCdVariables.REPOSITORY_URL, this.steps.repositoryUrl());
	}

}
