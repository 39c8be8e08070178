package org.homelab.rollout.vault;

import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;
import org.springframework.vault.core.VaultOperations;
import org.springframework.vault.support.VaultResponse;
import org.springframework.vault.support.VaultToken;
import org.springframework.vault.support.VaultTokenRequest;

/**
 * The engine's own access to Vault: an orphan token (so revoking root does not revoke it)
 * with only the {@value VaultPolicies#ENGINE} policy, created with the held root token,
 * which is revoked right after; or, after a restart lost that root token, with one
 * generated again ({@link RootRecovery}), which then revokes every root token but itself,
 * and itself.
 */
@Component
public class EngineAccess {

	/** What {@link #ensureEngineToken} found or did. */
	public enum TokenState {

		/** The stored token is valid (and was renewed). */
		VALID,
		/** Created with the held root token. */
		CREATED,
		/** No valid token, and no root token held to create one. */
		NO_ROOT

	}

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
	 * Renews the stored token, or creates it with the held root token; says which, or
	 * that neither was possible.
	 */
	public TokenState ensureEngineToken(VaultTarget target) {
		if (renewIfValid(target)) {
			return TokenState.VALID;
		}
		if (!this.secrets.holdsRootToken(target)) {
			return TokenState.NO_ROOT;
		}
		createEngineToken(target);
		return TokenState.CREATED;
	}

	/**
	 * With the held root token: writes the engine policy and creates the engine's orphan
	 * token into its 0600 file.
	 * @see "PUT /sys/policies/acl/rollout-engine", "POST /auth/token/create-orphan"
	 */
	public void createEngineToken(VaultTarget target) {
		createEngineToken(target, rootVault(target));
	}

	/**
	 * The token's id is chosen and on disk before Vault creates it (root may choose ids),
	 * so no crash can leave a token in Vault that the engine does not know.
	 */
	private void createEngineToken(VaultTarget target, VaultOperations root) {
		this.policyConvergence.converge(target, root, this.policies.engine());
		VaultToken id = this.token.prepareNew();
		VaultCalls.call(target, "POST /v1/auth/token/create-orphan", "Check that the held root token is still valid.",
				() -> root.opsForToken()
					.createOrphan(VaultTokenRequest.builder()
						.id(id.getToken())
						.withPolicy(VaultPolicies.ENGINE)
						.displayName("homelab-rollout")
						.meta(Map.of("created-by", "homelab-rollout"))
						.renewable()
						.ttl(this.properties.engineTokenTtl())
						.build()));
		this.token.created(id);
	}

	/**
	 * With a root token generated again: makes sure the engine has its token, revokes
	 * every other root token (the one a restart lost, earlier generated ones), then this
	 * one. Safe to repeat.
	 * @see "LIST /auth/token/accessors", "POST /auth/token/lookup-accessor", "POST
	 * /auth/token/revoke-accessor", "POST /auth/token/revoke-self"
	 */
	void handOver(VaultTarget target, String rootToken) {
		VaultOperations root = this.connections.withToken(target, VaultToken.of(rootToken));
		if (!renewIfValid(target)) {
			createEngineToken(target, root);
		}
		String own = VaultCalls.call(target, "GET /v1/auth/token/lookup-self", "Check Vault's log on its VM.",
				() -> (String) root.read("auth/token/lookup-self").getRequiredData().get("accessor"));
		List<String> accessors = VaultCalls.call(target, "LIST /v1/auth/token/accessors",
				"Check Vault's log on its VM.", () -> root.list("auth/token/accessors"));
		for (String accessor : accessors) {
			if (accessor.equals(own)) {
				continue;
			}
			VaultResponse found = VaultCalls.call(target, "POST /v1/auth/token/lookup-accessor",
					"Check Vault's log on its VM.",
					() -> root.write("auth/token/lookup-accessor", Map.of("accessor", accessor)));
			Object policies = (found != null && found.getData() != null) ? found.getData().get("policies") : null;
			if (policies instanceof List<?> list && list.contains("root")) {
				VaultCalls.run(target, "POST /v1/auth/token/revoke-accessor", "Check Vault's log on its VM.",
						() -> root.write("auth/token/revoke-accessor", Map.of("accessor", accessor)));
			}
		}
		VaultCalls.run(target, "POST /v1/auth/token/revoke-self", "Check Vault's log on its VM.",
				() -> root.write("auth/token/revoke-self"));
		this.secrets.forgetRootToken(target);
	}

	/** Whether the engine holds the root token of this Vault's initialisation. */
	public boolean holdsRootToken(VaultTarget target) {
		return this.secrets.holdsRootToken(target);
	}

	/** Revokes the held root token and forgets it. @see "POST /auth/token/revoke-self" */
	public void revokeRootToken(VaultTarget target) {
		VaultOperations root = rootVault(target);
		VaultCalls.run(target, "POST /v1/auth/token/revoke-self",
				"If the root token is already revoked, nothing is left to do: retry.",
				() -> root.write("auth/token/revoke-self"));
		this.secrets.forgetRootToken(target);
	}

	/** Whether the engine holds its own Vault token (not yet, before Vault's setup). */
	public boolean holdsEngineToken() {
		return this.token.current().isPresent();
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
