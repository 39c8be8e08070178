package org.homelab.rollout.vault;

import java.util.Map;

import org.springframework.stereotype.Component;
import org.springframework.vault.core.VaultOperations;
import org.springframework.vault.support.VaultToken;
import org.springframework.vault.support.VaultTokenRequest;
import org.springframework.vault.support.VaultTokenResponse;

/**
 * The engine's own access to Vault: an orphan token (so revoking root does not revoke it)
 * with only the {@value VaultPolicies#ENGINE} policy, created with the held root token,
 * which is revoked right after.
 */
@Component
public class EngineAccess {

	private final VaultConnections connections;

	private final BootstrapSecrets secrets;

	private final EngineToken token;

	private final VaultPolicies policies;

	private final PolicyConvergence policyConvergence;

	private final VaultProperties properties;

	EngineAccess(VaultConnections connections, BootstrapSecrets secrets, EngineToken token, VaultPolicies policies,
			PolicyConvergence policyConvergence, VaultProperties properties) {
		this.connections = connections;
		this.secrets = secrets;
		this.token = token;
		this.policies = policies;
		this.policyConvergence = policyConvergence;
		this.properties = properties;
	}

	/**
	 * Whether the stored engine token is valid at this Vault; renews it if so.
	 * @see "GET /auth/token/lookup-self", "POST /auth/token/renew-self"
	 */
	public boolean renewIfValid(VaultTarget target) {
		VaultToken current = this.token.current().orElse(null);
		if (current == null) {
			return false;
		}
		VaultOperations vault = this.connections.withToken(target, current);
		try {
			VaultCalls.run(target, "GET /v1/auth/token/lookup-self", "Check Vault's log on its VM.",
					() -> vault.read("auth/token/lookup-self"));
		}
		catch (VaultCallException ex) {
			// Vault answers an unknown or revoked token with 403 permission denied
			if (ex.status() == 403) {
				this.token.forget();
				return false;
			}
			throw ex;
		}
		VaultCalls.run(
				target, "POST /v1/auth/token/renew-self", "The token may not be renewable any more: delete "
						+ this.token.file() + " and recreate it as " + "described when the engine has no token.",
				() -> vault.write("auth/token/renew-self"));
		return true;
	}

	/**
	 * With the held root token: writes the engine policy and creates the engine's orphan
	 * token into its 0600 file.
	 * @see "PUT /sys/policies/acl/rollout-engine", "POST /auth/token/create-orphan"
	 */
	public void createEngineToken(VaultTarget target) {
		VaultOperations root = rootVault(target);
		this.policyConvergence.converge(target, root, this.policies.engine());
		VaultTokenResponse created = VaultCalls.call(target, "POST /v1/auth/token/create-orphan",
				"Check that the held root token is still valid.",
				() -> root.opsForToken()
					.createOrphan(VaultTokenRequest.builder()
						.withPolicy(VaultPolicies.ENGINE)
						.displayName("homelab-rollout")
						.meta(Map.of("created-by", "homelab-rollout"))
						.renewable()
						.ttl(this.properties.engineTokenTtl())
						.build()));
		this.token.store(created.getToken());
	}

	/** Revokes the held root token and forgets it. @see "POST /auth/token/revoke-self" */
	public void revokeRootToken(VaultTarget target) {
		VaultOperations root = rootVault(target);
		VaultCalls.run(target, "POST /v1/auth/token/revoke-self",
				"If the root token is already revoked, nothing is left to do: retry.",
				() -> root.write("auth/token/revoke-self"));
		this.secrets.forgetRootToken(target);
	}

	/** Vault with the engine's token, for converging and storing secrets. */
	public VaultOperations engineVault(VaultTarget target) {
		VaultToken current = this.token.current()
			.orElseThrow(() -> new VaultSetupException("The engine has no Vault token for " + target + " in "
					+ this.token.file() + ". If Vault was initialised outside the rollout, create one with "
					+ "'vault token create -orphan -policy=" + VaultPolicies.ENGINE + "' (the policy's rules are in "
					+ "VaultPolicies), write it to that file with mode 0600 and retry."));
		return this.connections.withToken(target, current);
	}

	private VaultOperations rootVault(VaultTarget target) {
		String root = this.secrets.rootToken(target)
			.orElseThrow(() -> new VaultSetupException("The engine holds no root token for Vault at " + target
					+ " (it restarted since initialising it, or root is already revoked). Generate one with "
					+ "'vault operator generate-root', create the engine token as described for " + this.token.file()
					+ ", revoke that root token and restart the setup."));
		return this.connections.withToken(target, VaultToken.of(root));
	}

}
