package org.homelab.rollout.argocd.steps;

import org.homelab.rollout.argocd.ArgoCdPasswordSource;
import org.homelab.rollout.vault.EngineSecrets;
import org.homelab.rollout.vault.SecretReference;
import org.homelab.rollout.vault.VaultTarget;

/**
 * Argo CD's admin password, read from Vault ({@code services/argocd/admin-password}, key
 * {@code password}, a path the engine's policy lets it read) at each login and never
 * kept. Null when Vault holds none: the client then stops before sending anything.
 */
public final class VaultAdminPasswordSource implements ArgoCdPasswordSource {

	private final EngineSecrets secrets;

	private final VaultTarget target;

	private final SecretReference reference;

	public VaultAdminPasswordSource(EngineSecrets secrets, VaultTarget target, SecretReference reference) {
		this.secrets = secrets;
		this.target = target;
		this.reference = reference;
	}

	@Override
	public String password() {
		return this.secrets.read(this.target, this.reference, ArgoCdSteps.PASSWORD_KEY);
	}

	@Override
	public String toString() {
		return "VaultAdminPasswordSource[" + this.reference + "]";
	}

}
