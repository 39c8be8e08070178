package org.homelab.rollout.argocd.steps;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.kubernetes.ClusterConnection;

import org.springframework.stereotype.Component;

/**
 * The GitOps workflow's drift: deletes the smoke ConfigMap by hand, as a person would
 * with kubectl, remembering its uid so that the wait can tell Argo CD's restored one from
 * it. Absent already: nothing to delete, the wait still wants it back.
 */
@Component
class DeleteSmokeConfigMapDelegate implements JavaDelegate {

	private final ClusterConnection cluster;

	DeleteSmokeConfigMapDelegate(ClusterConnection cluster) {
		this.cluster = cluster;
	}

	@Override
	public void execute(DelegateExecution execution) {
		KubernetesClient k3s = this.cluster.client();
		ConfigMap found = k3s.configMaps()
			.inNamespace(GitopsLayout.SMOKE_NAMESPACE)
			.withName(GitopsLayout.SMOKE_CONFIG_MAP)
			.get();
		if (found != null) {
			k3s.configMaps().inNamespace(GitopsLayout.SMOKE_NAMESPACE).withName(GitopsLayout.SMOKE_CONFIG_MAP).delete();
		}
		execution.setVariable(GitopsVariables.SMOKE_DELETED_UID, (found != null) ? found.getMetadata().getUid() : "");
	}

}
