package org.homelab.rollout.eso.steps;

import java.util.Map;
import java.util.Set;

import org.homelab.rollout.eso.EsoConnection;
import org.homelab.rollout.waiting.Check;
import org.homelab.rollout.waiting.Look;
import org.homelab.rollout.waiting.WaitCondition;

import org.springframework.stereotype.Component;

/**
 * Topic {@code eso-proof-synced}: waits until the proof Secret exists and holds exactly
 * Vault's proof value. Both are read and compared in memory here; neither value is handed
 * to the process.
 */
@Component
class EsoProofSyncedWait implements WaitCondition {

	static final String TOPIC = "eso-proof-synced";

	private final EsoTargets targets;

	private final EsoConnection eso;

	EsoProofSyncedWait(EsoTargets targets, EsoConnection eso) {
		this.targets = targets;
		this.eso = eso;
	}

	@Override
	public String topic() {
		return TOPIC;
	}

	@Override
	public Set<String> variables() {
		return Set.of(EsoVariables.VAULT_ADDRESS, EsoVariables.VAULT_CA_FILE);
	}

	@Override
	public Check check(Look look) {
		String pending = this.eso.proofPending(this.targets.of(look.variables()));
		return (pending == null) ? Check.done(Map.of()) : Check.waiting(pending);
	}

}
