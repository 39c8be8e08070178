package org.homelab.rollout.vault.steps;

import java.util.Map;
import java.util.Set;

import org.homelab.rollout.vault.VaultSeal;
import org.homelab.rollout.vault.VaultTarget;
import org.homelab.rollout.waiting.Check;
import org.homelab.rollout.waiting.Look;
import org.homelab.rollout.waiting.WaitCondition;

import org.springframework.stereotype.Component;

/** Waits until {@code sys/health} answers 200: initialised, unsealed and active. */
@Component
class VaultActiveWait implements WaitCondition {

	static final String TOPIC = "vault-active";

	private final StepTargets targets;

	private final VaultSeal seal;

	VaultActiveWait(StepTargets targets, VaultSeal seal) {
		this.targets = targets;
		this.seal = seal;
	}

	@Override
	public String topic() {
		return TOPIC;
	}

	@Override
	public Set<String> variables() {
		return Set.of(VaultVariables.ADDRESS, VaultVariables.CA_FILE);
	}

	@Override
	public Check check(Look look) {
		Map<String, Object> variables = look.variables();
		VaultTarget target = this.targets.of(variables);
		int status = this.seal.health(target);
		return switch (status) {
			case 200 -> Check.done(Map.of());
			case 503 -> Check.waiting("Vault at " + target + " to be unsealed (sys/health 503)");
			case 429 -> Check.waiting("Vault at " + target + " to become active, not standby (sys/health 429)");
			case 501 -> Check.waiting("Vault at " + target + " to be initialised (sys/health 501)");
			default -> Check.waiting("Vault at " + target + " to answer sys/health with 200, not " + status);
		};
	}

	@Override
	public String overdue(Look look) {
		return "Ask Vault at " + this.targets.of(look.variables()) + " ('vault status'): still sealed means the "
				+ "unseal shares did not reach the threshold (unseal it with 'vault operator unseal'); standby means "
				+ "another node leads; see 'journalctl -u vault' on the Vault VM.";
	}

}
