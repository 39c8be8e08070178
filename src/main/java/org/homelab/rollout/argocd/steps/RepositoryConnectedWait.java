package org.homelab.rollout.argocd.steps;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.homelab.rollout.argocd.ArgoCdRepository;
import org.homelab.rollout.waiting.Check;
import org.homelab.rollout.waiting.Look;
import org.homelab.rollout.waiting.WaitCondition;

import org.springframework.stereotype.Component;

/**
 * Topic {@code argocd-repository-connected}: looks once per check at {@code GET
 * /api/v1/repositories/{repo}} until Argo CD knows the gitops repository (its Secret
 * synced by ESO) and its connection state is {@code Successful}, i.e. Argo CD cloned it
 * with the deploy token.
 */
@Component
class RepositoryConnectedWait implements WaitCondition {

	static final String TOPIC = "argocd-repository-connected";

	private final ArgoCdSteps steps;

	RepositoryConnectedWait(ArgoCdSteps steps) {
		this.steps = steps;
	}

	@Override
	public String topic() {
		return TOPIC;
	}

	@Override
	public Set<String> variables() {
		return Set.of(ArgoCdVariables.VAULT_ADDRESS, ArgoCdVariables.VAULT_CA_FILE, ArgoCdVariables.RELEASE_NODE,
				ArgoCdVariables.URL);
	}

	@Override
	public Check check(Look look) {
		String url = this.steps.repositoryUrl();
		Optional<ArgoCdRepository> found = this.steps
			.argocd(this.steps.vault(look.variables()), this.steps.url(look.variables()))
			.repositories()
			.get(url);
		if (found.isEmpty()) {
			return Check.waiting("Argo CD to know repository " + url + " (its Secret " + ArgoCdSteps.REPOSITORY_SECRET
					+ " synced by the External Secrets Operator)");
		}
		ArgoCdRepository repository = found.get();
		if ("Successful".equals(repository.connectionStatus())) {
			return Check.done(Map.of());
		}
		return Check.waiting("Argo CD to connect to " + url + "; it says " + repository.connectionStatus()
				+ ((repository.connectionMessage() != null && !repository.connectionMessage().isBlank())
						? ": " + repository.connectionMessage() : ""));
	}

	@Override
	public String overdue(Look look) {
		return "Check the ExternalSecret " + ArgoCdSteps.REPOSITORY_SECRET + " in namespace argocd (kubectl describe "
				+ "externalsecret): the ClusterSecretStore homelab-vault must be Ready and its policy must let it read "
				+ "services/argocd/*; then Argo CD's repository view (Settings, Repositories): a 401 from GitLab means "
				+ "the deploy token was revoked (run argocd-remove, then argocd-install), an unreachable host means DNS "
				+ "or the front door.";
	}

}
