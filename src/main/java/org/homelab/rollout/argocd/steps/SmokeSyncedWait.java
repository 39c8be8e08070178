package org.homelab.rollout.argocd.steps;

import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.ConfigMap;
import org.homelab.rollout.kubernetes.ClusterConnection;
import org.homelab.rollout.waiting.Check;
import org.homelab.rollout.waiting.Look;
import org.homelab.rollout.waiting.WaitCondition;

import org.springframework.stereotype.Component;

/**
 * Topic {@code gitops-smoke-synced}: one GET of the smoke ConfigMap per look until its
 * {@code data.message} is what the check committed (Argo CD synced the commit). The model
 * bounds it with a timer ({@code gitopsSyncBound}).
 */
@Component
class SmokeSyncedWait implements WaitCondition {

	static final String TOPIC = "gitops-smoke-synced";

	private final ClusterConnection cluster;

	SmokeSyncedWait(ClusterConnection cluster) {
		this.cluster = cluster;
	}

	@Override
	public String topic() {
		return TOPIC;
	}

	@Override
	public Set<String> variables() {
		return Set.of(GitopsVariables.SMOKE_MESSAGE);
	}

	@Override
	public Check check(Look look) {
		String wanted = look.required(GitopsVariables.SMOKE_MESSAGE, String.class);
		ConfigMap live = this.cluster.client()
			.configMaps()
			.inNamespace(GitopsLayout.SMOKE_NAMESPACE)
			.withName(GitopsLayout.SMOKE_CONFIG_MAP)
			.get();
		String now = (live == null || live.getData() == null) ? null : live.getData().get("message");
		return wanted.equals(now) ? Check.done(Map.of())
				: Check.waiting("ConfigMap " + GitopsLayout.SMOKE_NAMESPACE + "/" + GitopsLayout.SMOKE_CONFIG_MAP
						+ " to show the committed message (it shows " + ((live == null) ? "no ConfigMap" : now) + ")");
	}

	@Override
	public String overdue(Look look) {
		return "Look at the smoke Application in Argo CD: OutOfSync with a ComparisonError means it cannot read "
				+ "homelab/gitops; a failed sync names the refused object.";
	}

}
