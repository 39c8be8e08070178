package org.homelab.rollout.rehearsal.vault;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code sys/generate-root/attempt} (read, start, cancel) and
 * {@code sys/generate-root/update}, unauthenticated as in Vault: a quorum of unseal
 * shares, each given with the attempt's nonce, yields a new root token, returned once, in
 * the answer to the share that completes the quorum, XORed with the attempt's one-time
 * password (or encrypted to its PGP key). Vault forgets a finished attempt at once, so
 * reading the attempt afterwards shows none. Answers and messages are Vault's
 * (http/sys_generate_root.go, vault/generate_root.go).
 */
final class GenerateRootHandler implements Handler {

	/**
	 * Vault's OTP length with service-token prefixes: 24 characters and the 4 of "hvs.".
	 */
	static final int OTP_LENGTH = 28;

	/** The barrier key's length in bytes, and with Shamir's one byte of overhead. */
	private static final int KEY_MIN = 16;

	private static final int KEY_MAX = 33;

	private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final String SEALED = "Vault is sealed";

	private final VaultState state;

	GenerateRootHandler(VaultState state) {
		this.state = state;
	}

	@Override
	public Reply handle(VaultRequest request, MountTable.Route route, Token caller) {
		if ("sys/generate-root/update".equals(request.path())) {
			return update(request);
		}
		return switch (request.op()) {
			case READ -> status(null);
			case WRITE -> start(request);
			case DELETE -> cancel();
			default -> Reply.unsupportedOperation();
		};
	}

	private Reply status(String otp) {
		Barrier barrier = this.state.barrier;
		if (!barrier.initialized()) {
			return Reply.badRequest("server is not yet initialized");
		}
		if (barrier.sealed()) {
			return Reply.error(500, SEALED);
		}
		Barrier.RootGeneration attempt = barrier.rootGeneration();
		ObjectNode body = Json.object();
		body.put("nonce", (attempt != null) ? attempt.nonce() : "");
		body.put("started", attempt != null);
		body.put("progress", (attempt != null) ? attempt.submitted().size() : 0);
		body.put("required", barrier.threshold());
		body.put("complete", false);
		body.put("encoded_token", "");
		body.put("encoded_root_token", "");
		body.put("pgp_fingerprint",
				(attempt != null && attempt.pgpFingerprint() != null) ? attempt.pgpFingerprint() : "");
		body.put("otp", (otp != null) ? otp : "");
		body.put("otp_length", OTP_LENGTH);
		return Reply.json(200, body);
	}

	private Reply start(VaultRequest request) {
		String otp = Json.text(request.body(), "otp", "");
		String pgpKey = Json.text(request.body(), "pgp_key", "");
		boolean generated = otp.isEmpty() && pgpKey.isEmpty();
		if (generated) {
			otp = otp();
		}
		String fingerprint = null;
		if (!otp.isEmpty()) {
			if (otp.length() != OTP_LENGTH) {
				return Reply.badRequest("OTP string is wrong length");
			}
		}
		else {
			try {
				fingerprint = PgpShares.fingerprint(pgpKey);
			}
			catch (IllegalArgumentException ex) {
				return Reply.badRequest(ex.getMessage());
			}
		}
		Barrier barrier = this.state.barrier;
		if (barrier.sealed()) {
			return Reply.badRequest(SEALED);
		}
		if (barrier.rootGeneration() != null) {
			return Reply.badRequest("root generation already in progress");
		}
		barrier.startRootGeneration(otp.isEmpty() ? null : otp, pgpKey.isEmpty() ? null : pgpKey, fingerprint);
		// the OTP Vault made up is shown this once; one the caller chose is not echoed
		return status(generated ? otp : null);
	}

	private Reply cancel() {
		Barrier barrier = this.state.barrier;
		if (barrier.sealed()) {
			return Reply.error(500, SEALED);
		}
		barrier.cancelRootGeneration();
		return Reply.noContent();
	}

	private Reply update(VaultRequest request) {
		String text = Json.text(request.body(), "key", "");
		if (text.isEmpty()) {
			return Reply.badRequest("'key' must be specified in request body as JSON");
		}
		byte[] key = decode(text);
		if (key == null) {
			return Reply.badRequest("'key' must be a valid hex or base64 string");
		}
		if (key.length < KEY_MIN) {
			return Reply.badRequest("key is shorter than minimum " + KEY_MIN + " bytes");
		}
		if (key.length > KEY_MAX) {
			return Reply.badRequest("key is longer than maximum " + KEY_MAX + " bytes");
		}
		Barrier barrier = this.state.barrier;
		if (!barrier.initialized()) {
			return Reply.badRequest("Vault is not initialized");
		}
		if (barrier.sealed()) {
			return Reply.badRequest(SEALED);
		}
		Barrier.RootGeneration attempt = barrier.rootGeneration();
		if (attempt == null) {
			return Reply.badRequest("no root generation in progress");
		}
		String nonce = Json.text(request.body(), "nonce", "");
		if (!attempt.nonce().equals(nonce)) {
			return Reply.badRequest("incorrect nonce supplied; nonce for this root generation operation is \""
					+ attempt.nonce() + "\"");
		}
		String hex = HexFormat.of().formatHex(key);
		if (attempt.submitted().contains(hex)) {
			return Reply.badRequest("given key has already been provided during this generation operation");
		}
		attempt.submitted().add(hex);
		int progress = attempt.submitted().size();
		ObjectNode body = Json.object();
		body.put("nonce", nonce);
		body.put("started", true);
		body.put("progress", progress);
		body.put("required", barrier.threshold());
		body.put("pgp_fingerprint", (attempt.pgpFingerprint() != null) ? attempt.pgpFingerprint() : "");
		body.put("otp", "");
		body.put("otp_length", 0);
		if (progress < barrier.threshold()) {
			body.put("complete", false);
			body.put("encoded_token", "");
			body.put("encoded_root_token", "");
			return Reply.json(200, body);
		}
		boolean authentic = attempt.submitted().stream().allMatch(barrier::isShare);
		// the quorum is spent either way; a failed one keeps the attempt, as Vault does
		attempt.submitted().clear();
		if (!authentic) {
			return Reply.badRequest("root generation aborted: unable to authenticate: "
					+ "failed to decrypt keyring: cipher: message authentication failed");
		}
		Token root = this.state.tokens.create(List.of("root"), "root", "auth/token/root", 0, false, null, Map.of(), 0);
		String encoded = (attempt.otp() != null) ? encode(root.id(), attempt.otp())
				: Base64.getEncoder().encodeToString(PgpShares.encrypt(attempt.pgpKey(), root.id()));
		barrier.cancelRootGeneration();
		body.put("complete", true);
		body.put("encoded_token", encoded);
		body.put("encoded_root_token", encoded);
		return Reply.json(200, body);
	}

	/** Vault's roottoken.EncodeToken: the token's bytes XOR the OTP's, raw base64. */
	static String encode(String token, String otp) {
		byte[] tokenBytes = token.getBytes(StandardCharsets.UTF_8);
		byte[] otpBytes = otp.getBytes(StandardCharsets.UTF_8);
		if (tokenBytes.length != otpBytes.length) {
			throw new IllegalStateException("xor of root token failed: length of byte slices is not equivalent: "
					+ otpBytes.length + " != " + tokenBytes.length);
		}
		byte[] xored = new byte[tokenBytes.length];
		for (int i = 0; i < xored.length; i++) {
			xored[i] = (byte) (tokenBytes[i] ^ otpBytes[i]);
		}
		return Base64.getEncoder().withoutPadding().encodeToString(xored);
	}

	/**
	 * Hex when that gives a key of a plausible length, else standard base64, as Vault
	 * reads a share.
	 */
	private static byte[] decode(String text) {
		try {
			byte[] hex = HexFormat.of().parseHex(text);
			if (hex.length >= KEY_MIN && hex.length <= KEY_MAX) {
				return hex;
			}
		}
		catch (IllegalArgumentException notHex) {
			// base64 then
		}
		try {
			return Base64.getDecoder().decode(text);
		}
		catch (IllegalArgumentException notBase64) {
			return null;
		}
	}

	private static String otp() {
		StringBuilder otp = new StringBuilder(OTP_LENGTH);
		for (int i = 0; i < OTP_LENGTH; i++) {
			otp.append(BASE62.charAt(RANDOM.nextInt(BASE62.length())));
		}
		return otp.toString();
	}

}
