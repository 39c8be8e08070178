package org.homelab.rollout.argocd.steps;

import java.util.ArrayList;
import java.util.List;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.kubernetes.KubernetesOperations;
import org.homelab.rollout.kubernetes.ManifestOperations;

import org.springframework.stereotype.Component;

/**
 * Applies the bootstrap objects through the Kubernetes API (the lab's and K3s's API
 * server check them against the CRDs): the AppProjects {@code default} (kept allowing
 * nothing), {@code root} and {@code homelab}, then the root Application. Records what
 * this run created, so the undo deletes only that; {@code default} is Argo CD's own and
 * is never deleted.
 */
@Component
class ApplyGitopsBootstrapDelegate implements JavaDelegate {

	private final GitopsLayout layout;

	private final KubernetesOperations kubernetes;

	ApplyGitopsBootstrapDelegate(GitopsLayout layout, KubernetesOperations kubernetes) {
		this.layout = layout;
		this.kubernetes = kubernetes;
	}

	@Override
	public void execute(DelegateExecution execution) {
		ManifestOperations manifests = this.kubernetes.opsForManifests();
		List<String> created = new ArrayList<>();
		boolean rootCreated = false;
		boolean defaultChanged = false;
		for (GenericKubernetesResource object : this.layout.bootstrap()) {
			ManifestOperations.Applied applied = manifests.apply(object);
			String name = object.getMetadata().getName();
			if (GitopsLayout.isApplication(object)) {
				rootCreated = applied == ManifestOperations.Applied.CREATED;
			}
			else if ("default".equals(name)) {
				defaultChanged = applied != ManifestOperations.Applied.UNCHANGED;
			}
			else if (applied == ManifestOperations.Applied.CREATED) {
				created.add(name);
			}
		}
		execution.setVariable(GitopsVariables.PROJECTS_CREATED, String.join(",", created));
		execution.setVariable(GitopsVariables.ROOT_CREATED, rootCreated);
		execution.setVariable(GitopsVariables.DEFAULT_CHANGED, defaultChanged);
	}

}
