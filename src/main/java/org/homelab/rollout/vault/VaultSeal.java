package org.homelab.rollout.vault;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.net.ssl.SSLException;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.vault.core.VaultOperations;
import org.springframework.web.client.HttpStatusCodeException;
import org.springframework.web.client.ResourceAccessException;

/**
 * Vault's unauthenticated seal endpoints: seal status, health, init (with PGP keys) and
 * unseal.
 */
@Component
public class VaultSeal {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	private final VaultConnections connections;

	VaultSeal(VaultConnections connections) {
		this.connections = connections;
	}

	/**
	 * @see <a href=
	 * "https://developer.hashicorp.com/vault/api-docs/system/seal-status">GET
	 * /sys/seal-status</a>
	 */
	public SealState status(VaultTarget target) {
		Map<String, Object> body = VaultCalls.call(target, "GET /v1/sys/seal-status", "Check Vault's log on its VM.",
				() -> vault(target).doWithVault(rest -> rest.exchange("sys/seal-status", HttpMethod.GET, null, JSON))
					.getBody());
		return sealState(body);
	}

	/**
	 * The HTTP status of {@code sys/health}: 200 active, 429 standby, 501 not
	 * initialised, 503 sealed.
	 * @see <a href="https://developer.hashicorp.com/vault/api-docs/system/health">GET
	 * /sys/health</a>
	 */
	public int health(VaultTarget target) {
		// the status is the answer: read it inside the callback, before Spring Vault
		// turns it into an exception
		return VaultCalls.call(target, "GET /v1/sys/health", "Check Vault's log on its VM.",
				() -> vault(target).doWithVault(rest -> {
					try {
						return rest.exchange("sys/health", HttpMethod.GET, null, JSON).getStatusCode().value();
					}
					catch (HttpStatusCodeException ex) {
						return ex.getStatusCode().value();
					}
				}));
	}

	/**
	 * The {@code sys/health} status when Vault listens at the target, empty while nothing
	 * answers there (connection refused, no route, timeout). A listener whose certificate
	 * the CA does not vouch for is no Vault of ours: that throws, saying which CA was
	 * expected.
	 */
	public Optional<Integer> listening(VaultTarget target) {
		try {
			return Optional.of(health(target));
		}
		catch (VaultSetupException ex) {
			Throwable cause = ex;
			while (cause != null && !(cause instanceof SSLException)) {
				cause = cause.getCause();
			}
			if (cause != null) {
				throw new VaultSetupException("Something listens at " + target + " but its TLS certificate is not "
						+ "issued by the CA the engine trusts for Vault ("
						+ ((target.caFile() != null) ? target.caFile() : "the JVM trust store") + "): "
						+ cause.getMessage() + ". If it "
						+ "is a Vault installed before, point rollout.vault.ca-file at the CA that issued its "
						+ "certificate; else free the address.", ex);
			}
			if (ex.getCause() instanceof ResourceAccessException) {
				return Optional.empty();
			}
			throw ex;
		}
	}

	/**
	 * Initialises with the given split; with {@code pgpKeys} (base64 public keys, one per
	 * share) the shares come back encrypted. A raw call: Spring Vault's
	 * {@code VaultInitializationRequest} has no {@code pgp_keys}.
	 * @see <a href="https://developer.hashicorp.com/vault/api-docs/system/init">PUT
	 * /sys/init</a>
	 */
	@SuppressWarnings("unchecked")
	public InitResult initialize(VaultTarget target, int shares, int threshold, List<String> pgpKeys) {
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("secret_shares", shares);
		request.put("secret_threshold", threshold);
		if (!pgpKeys.isEmpty()) {
			request.put("pgp_keys", pgpKeys);
		}
		Map<String, Object> body = null;
		for (int attempt = 0; body == null; attempt++) {
			try {
				body = VaultCalls.call(target, "PUT /v1/sys/init",
						"If Vault says it is already initialized, another run or a person initialised it: restart the "
								+ "setup, which then adopts it.",
						() -> vault(target)
							.doWithVault(
									rest -> rest.exchange("sys/init", HttpMethod.PUT, new HttpEntity<>(request), JSON))
							.getBody());
			}
			catch (VaultCallException ex) {
				// an init is repeated only where Vault says it did not happen: a server
				// error or a lost answer with Vault still uninitialised; once
				// initialised,
				// its shares went with the lost answer and only a person can tell
				if (attempt >= 2 || !(ex.status() == 0 || ex.status() >= 500) || status(target).initialized()) {
					throw ex;
				}
			}
		}
		return new InitResult((List<String>) body.get("keys_base64"), (String) body.get("root_token"),
				!pgpKeys.isEmpty());
	}

	/** Submits one share; returns the status after it. @see "PUT /sys/unseal" */
	public SealState unseal(VaultTarget target, String share) {
		Map<String, Object> body = VaultCalls.call(target, "PUT /v1/sys/unseal",
				"A refused share means the shares held do not belong to this Vault; unseal it with the operators' "
						+ "shares and restart the setup.",
				() -> vault(target)
					.doWithVault(rest -> rest.exchange("sys/unseal", HttpMethod.PUT,
							new HttpEntity<>(Map.of("key", share)), JSON))
					.getBody());
		return sealState(body);
	}

	private VaultOperations vault(VaultTarget target) {
		return this.connections.anonymous(target);
	}

	private static SealState sealState(Map<String, Object> body) {
		return new SealState(Boolean.TRUE.equals(body.get("initialized")), !Boolean.FALSE.equals(body.get("sealed")),
				number(body.get("t")), number(body.get("n")), number(body.get("progress")));
	}

	private static int number(Object value) {
		return (value instanceof Number n) ? n.intValue() : 0;
	}

}
