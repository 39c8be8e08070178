package org.homelab.rollout.runner.steps;

import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.eso.EsoConnection;
import org.homelab.rollout.kubernetes.ExternalSecrets;
import org.homelab.rollout.kubernetes.KubernetesOperations;
import org.homelab.rollout.kubernetes.ManifestOperations;

import org.springframework.stereotype.Component;

/**
 * The runner's token reaches K3s only here: an ExternalSecret in namespace
 * {@code gitlab-runner} (made if absent) that has the External Secrets Operator copy
 * Vault's entry into the Secret the chart's {@code runners.secret} names, as
 * {@code runner-token} beside the empty {@code runner-registration-token} the chart also
 * mounts. An existing one is converged.
 */
@Component
class ApplyRunnerSecretDelegate implements JavaDelegate {

	private final KubernetesOperations kubernetes;

	ApplyRunnerSecretDelegate(KubernetesOperations kubernetes) {
		this.kubernetes = kubernetes;
	}

	@Override
	public void execute(DelegateExecution execution) {
		Runner runner = Runner.of(execution);
		ManifestOperations manifests = this.kubernetes.opsForManifests();
		Namespace namespace = new NamespaceBuilder().withNewMetadata()
			.withName(Runner.NAMESPACE)
			.addToLabels("app.kubernetes.io/managed-by", "homelab-rollout")
			.endMetadata()
			.build();
		if (manifests.find(namespace) == null) {
			manifests.apply(namespace);
		}
		ManifestOperations.Applied applied = manifests.apply(externalSecret(runner));
		execution.setVariable(RunnerVariables.SECRET_CREATED, applied == ManifestOperations.Applied.CREATED);
	}

	static GenericKubernetesResource externalSecret(Runner runner) {
		return ExternalSecrets.fromVault(Runner.NAMESPACE, runner.release(), EsoConnection.STORE,
				Map.of(Runner.SECRET_KEY, runner.vaultPath() + "#" + Runner.VAULT_KEY),
				Map.of(Runner.REGISTRATION_KEY, ""));
	}

}
