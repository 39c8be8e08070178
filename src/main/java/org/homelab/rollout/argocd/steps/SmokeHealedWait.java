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
 * Topic {@code gitops-smoke-healed}: one GET of the smoke ConfigMap per look until Argo
 * CD's self-heal made it again (another uid than the one deleted) with the committed
 * message. The model bounds it with a timer ({@code gitopsSyncBound}).
 */
@Component
class SmokeHealedWait implements WaitCondition {

	static final String TOPIC = "gitops-smoke-healed";

	private final ClusterConnection cluster;

	SmokeHealedWait(ClusterConnection cluster) {
		this.cluster = cluster;
	}

	@Override
	public String topic() {
		return TOPIC;
	}

	@Override
	public Set<String> variables() {
		return Set.of(GitopsVariables.SMOKE_MESSAGE, GitopsVariables.SMOKE_DELETED_UID);
	}

	@Override
	public Check check(Look look) {
		String wanted = look.required(GitopsVariables.SMOKE_MESSAGE, String.class);
		String deleted = look.optional(GitopsVariables.SMOKE_DELETED_UID, String.class);
		ConfigMap live = this.cluster.client()
			.configMaps()
			.inNamespace(GitopsLayout.SMOKE_NAMESPACE)
			.withName(GitopsLayout.SMOKE_CONFIG_MAP)
			.get();
		boolean healed = live != null && !live.getMetadata().getUid().equals(deleted) && live.getData() != null
				&& wanted.equals(live.getData().get("message"));
		return healed ? Check.done(Map.of()) : Check.waiting("Argo CD's self-heal to restore ConfigMap "
				+ GitopsLayout.SMOKE_NAMESPACE + "/" + GitopsLayout.SMOKE_CONFIG_MAP + " deleted by hand");
	}

	@Override
	public String overdue(Look look) {
		return "The smoke Application needs syncPolicy.automated.selfHeal (apps/smoke.yaml); Argo CD heals at most "
				+ "every selfHealTimeoutSeconds.";
	}

}
