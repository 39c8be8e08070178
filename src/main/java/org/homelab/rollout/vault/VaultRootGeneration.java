package org.homelab.rollout.vault;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.vault.core.VaultOperations;

/**
 * Vault's unauthenticated root generation: an attempt started with an OTP Vault makes up
 * (shown once, in the answer to the start), a quorum of unseal shares each given with the
 * attempt's nonce, and the new root token, XORed with the OTP, only in the answer to the
 * share that completes the quorum. Vault forgets a finished attempt at once.
 *
 * @see <a href=
 * "https://developer.hashicorp.com/vault/api-docs/system/generate-root">/sys/generate-root</a>
 */
@Component
public class VaultRootGeneration {

	/** What sys/generate-root/attempt says of the attempt in progress, if any. */
	public record Attempt(boolean started, String nonce, int progress, int required) {
	}

	/**
	 * A started attempt: its nonce and the OTP, which never leaves memory or a 0600 file.
	 */
	record Started(String nonce, String otp, int required) {

		@Override
		public String toString() {
			return "Started[nonce=" + this.nonce + ", required=" + this.required + ", otp withheld]";
		}

	}

	/** The answer to one share: the encoded token once the quorum is complete. */
	record Progress(int progress, int required, boolean complete, String encodedToken) {

		@Override
		public String toString() {
			return "Progress[" + this.progress + " of " + this.required + (this.complete ? ", complete" : "") + "]";
		}

	}

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	private final VaultConnections connections;

	VaultRootGeneration(VaultConnections connections) {
		this.connections = connections;
	}

	/** @see "GET /sys/generate-root/attempt" */
	public Attempt status(VaultTarget target) {
		Map<String, Object> body = VaultCalls.call(target, "GET /v1/sys/generate-root/attempt",
				"Vault must be initialised and unsealed.",
				() -> vault(target)
					.doWithVault(rest -> rest.exchange("sys/generate-root/attempt", HttpMethod.GET, null, JSON))
					.getBody());
		return new Attempt(Boolean.TRUE.equals(body.get("started")), text(body.get("nonce")),
				number(body.get("progress")), number(body.get("required")));
	}

	/**
	 * Starts an attempt with an OTP Vault makes up. @see "POST
	 * /sys/generate-root/attempt"
	 */
	Started start(VaultTarget target) {
		Map<String, Object> body = VaultCalls.call(target, "POST /v1/sys/generate-root/attempt",
				"If another root generation is in progress, finish or cancel it "
						+ "('vault operator generate-root -cancel') and retry.",
				() -> vault(target)
					.doWithVault(rest -> rest.exchange("sys/generate-root/attempt", HttpMethod.POST,
							new HttpEntity<>(Map.of()), JSON))
					.getBody());
		String otp = text(body.get("otp"));
		if (otp.isEmpty() || otp.length() != number(body.get("otp_length"))) {
			throw new VaultSetupException("Vault at " + target + " started a root generation without handing out "
					+ "its one-time password (a Vault older than 1.10?). Cancel it with 'vault operator generate-root "
					+ "-cancel' and generate root as described in docs/vault-recovery.md.");
		}
		return new Started(text(body.get("nonce")), otp, number(body.get("required")));
	}

	/** Gives one share. @see "POST /sys/generate-root/update" */
	Progress update(VaultTarget target, String share, String nonce) {
		Map<String, Object> body = VaultCalls.call(target, "POST /v1/sys/generate-root/update",
				"A refused share means the shares file does not belong to this Vault; generate root with the "
						+ "holders' shares as described in docs/vault-recovery.md.",
				() -> vault(target).doWithVault(rest -> rest.exchange("sys/generate-root/update", HttpMethod.POST,
						new HttpEntity<>(Map.of("key", share, "nonce", nonce)), JSON))
					.getBody());
		return new Progress(number(body.get("progress")), number(body.get("required")),
				Boolean.TRUE.equals(body.get("complete")), text(body.get("encoded_token")));
	}

	/**
	 * Cancels the attempt in progress, if any. @see "DELETE /sys/generate-root/attempt"
	 */
	void cancel(VaultTarget target) {
		VaultCalls.run(target, "DELETE /v1/sys/generate-root/attempt", "Check Vault's log on its VM.",
				() -> vault(target)
					.doWithVault(rest -> rest.exchange("sys/generate-root/attempt", HttpMethod.DELETE, null, JSON)));
	}

	/**
	 * Vault's own decoding (sdk/helper/roottoken.DecodeToken): the encoded token is raw
	 * base64 of the token's bytes XOR the OTP's. Null when it does not fit the OTP.
	 */
	static String decode(String encoded, String otp) {
		byte[] token;
		try {
			token = Base64.getDecoder().decode(encoded.trim());
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
		byte[] pad = otp.getBytes(StandardCharsets.UTF_8);
		if (token.length != pad.length) {
			return null;
		}
		for (int i = 0; i < token.length; i++) {
			token[i] ^= pad[i];
		}
		return new String(token, StandardCharsets.UTF_8);
	}

	private VaultOperations vault(VaultTarget target) {
		return this.connections.anonymous(target);
	}

	private static String text(Object value) {
		return (value != null) ? value.toString() : "";
	}

	private static int number(Object value) {
		return (value instanceof Number n) ? n.intValue() : 0;
	}

}
