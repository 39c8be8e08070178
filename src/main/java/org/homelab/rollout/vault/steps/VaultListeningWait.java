package org.homelab.rollout.vault.steps;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.homelab.rollout.vault.VaultSeal;
import org.homelab.rollout.vault.VaultTarget;
import org.homelab.rollout.waiting.Check;
import org.homelab.rollout.waiting.Look;
import org.homelab.rollout.waiting.WaitCondition;

import org.springframework.stereotype.Component;

/**
 * Topic {@code vault-listening}: waits until Vault answers {@code sys/health} at its
 * address over TLS the engine verifies. Any of Vault's health answers will do (a new
 * Vault says 501, not initialised); a listener with a certificate of another CA fails the
 * look, which becomes an incident naming the CA.
 */
@Component
class VaultListeningWait implements WaitCondition {

	static final String TOPIC = "vault-listening";

	private final StepTargets targets;

	private final VaultSeal seal;

	VaultListeningWait(StepTargets targets, VaultSeal seal) {
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
		Optional<Integer> health = this.seal.listening(target);
		return health.isPresent() ? Check.done(Map.of())
				: Check.waiting("Vault to listen at " + target + " (its unit starting on the VM)");
	}

	@Override
	public String overdue(Look look) {
		VaultTarget target = this.targets.of(look.variables());
		return "On the Vault VM: 'systemctl status vault' and 'journalctl -u vault' (did the install script start it, "
				+ "does it find its configuration and TLS files?), and 'ip -4 addr': Vault listens on the VM's own "
				+ "address, which must be the one " + target + " points to (rollout.vault.address; a VM that booted "
				+ "without its planned cloud-init address listens elsewhere).";
	}

}
