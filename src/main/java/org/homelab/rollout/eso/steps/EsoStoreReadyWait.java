package org.homelab.rollout.eso.steps;

import java.util.Map;
import java.util.Set;

import org.homelab.rollout.eso.EsoConnection;
import org.homelab.rollout.waiting.Check;
import org.homelab.rollout.waiting.Look;
import org.homelab.rollout.waiting.WaitCondition;

import org.springframework.stereotype.Component;

/**
 * Topic {@code eso-store-ready}: waits until the External Secrets Operator says the
 * ClusterSecretStore is Ready (it logged into Vault). Meanwhile Cockpit's
 * {@code waitingFor} quotes the operator's reason.
 */
@Component
class EsoStoreReadyWait implements WaitCondition {

	static final String TOPIC = "eso-store-ready";

	private final EsoConnection eso;

	EsoStoreReadyWait(EsoConnection eso) {
		this.eso = eso;
	}

	@Override
	public String topic() {
		return TOPIC;
	}

	@Override
	public Set<String> variables() {
		return Set.of();
	}

	@Override
	public Check check(Look look) {
		Map<String, Object> variables = look.variables();
		EsoConnection.Readiness readiness = this.eso.storeReadiness();
		String store = "ClusterSecretStore " + EsoConnection.STORE;
		if (readiness.ready() == null) {
			return Check.waiting("the External Secrets Operator to validate " + store + " (is its release running?)");
		}
		return readiness.ready() ? Check.done(Map.of())
				: Check.waiting(store + " to become Ready; the operator says " + readiness.reason() + ": "
						+ readiness.message() + " (its Events name the cause, e.g. a Vault login refused)");
	}

}
