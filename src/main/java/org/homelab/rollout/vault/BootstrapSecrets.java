package org.homelab.rollout.vault;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * What the engine holds, in memory only, between initialising a Vault and handing it
 * over: the plain shares until it has unsealed, the root token until it has created its
 * own token and revoked root. An engine restart in between loses them on purpose:
 * vault-setup then unseals from the shares file and generates a root token again
 * ({@link RootRecovery}, docs/vault-recovery.md).
 */
@Component
public class BootstrapSecrets {

	private final Map<URI, List<String>> shares = new ConcurrentHashMap<>();

	private final Map<URI, String> rootTokens = new ConcurrentHashMap<>();

	void hold(VaultTarget target, InitResult init) {
		if (!init.encrypted()) {
			this.shares.put(target.address(), init.shares());
		}
		this.rootTokens.put(target.address(), init.rootToken());
	}

	Optional<List<String>> shares(VaultTarget target) {
		return Optional.ofNullable(this.shares.get(target.address()));
	}

	Optional<String> rootToken(VaultTarget target) {
		return Optional.ofNullable(this.rootTokens.get(target.address()));
	}

	public boolean holdsShares(VaultTarget target) {
		return this.shares.containsKey(target.address());
	}

	public boolean holdsRootToken(VaultTarget target) {
		return this.rootTokens.containsKey(target.address());
	}

	void forgetShares(VaultTarget target) {
		this.shares.remove(target.address());
	}

	void forgetRootToken(VaultTarget target) {
		this.rootTokens.remove(target.address());
	}

	@Override
	public String toString() {
		return "BootstrapSecrets[held for " + this.rootTokens.keySet() + "]";
	}

}
