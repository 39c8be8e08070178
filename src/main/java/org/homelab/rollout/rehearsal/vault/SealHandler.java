package org.homelab.rollout.rehearsal.vault;

import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code sys/init}, {@code sys/unseal}, {@code sys/seal}, {@code sys/seal-status} and
 * {@code sys/health}.
 */
final class SealHandler implements Handler {

	static final String VERSION = "1.15.6";

	static final String CLUSTER_NAME = "vault-cluster-rehearsal";

	private final VaultState state;

	SealHandler(VaultState state) {
		this.state = state;
	}

	@Override
	public Reply handle(VaultRequest request, MountTable.Route route, Token caller) {
		return switch (request.path()) {
			case "sys/init" -> (request.op() == Op.READ) ? initStatus() : initialize(request);
			case "sys/unseal" -> unseal(request);
			case "sys/seal" -> {
				this.state.barrier.seal();
				yield Reply.noContent();
			}
			case "sys/seal-status" -> Reply.json(200, sealStatus());
			case "sys/health" -> health(request);
			case "sys/leader" -> leader();
			default -> Reply.unsupportedPath();
		};
	}

	private Reply initStatus() {
		ObjectNode body = Json.object();
		body.put("initialized", this.state.barrier.initialized());
		return Reply.json(200, body);
	}

	private Reply initialize(VaultRequest request) {
		if (this.state.barrier.initialized()) {
			return Reply.badRequest("Vault is already initialized");
		}
		int shares = Json.integer(request.body(), "secret_shares", 0);
		int threshold = Json.integer(request.body(), "secret_threshold", 0);
		List<String> pgpKeys = Json.list(request.body(), "pgp_keys");
		String error = checkSealConfig(shares, threshold, pgpKeys);
		if (error != null) {
			return Reply.badRequest(error);
		}
		String rootKey = Json.text(request.body(), "root_token_pgp_key", "");
		// check every key before anything changes, as Vault does
		try {
			pgpKeys.forEach(k -> PgpShares.encrypt(k, ""));
			if (!rootKey.isEmpty()) {
				PgpShares.encrypt(rootKey, "");
			}
		}
		catch (IllegalArgumentException ex) {
			return Reply.badRequest(ex.getMessage());
		}
		List<String> keys = this.state.barrier.initialize(shares, threshold);
		Token root = this.state.tokens.create(List.of("root"), "root", "auth/token/root", 0, false, null, Map.of(), 0);
		ObjectNode body = Json.object();
		ArrayNode hex = body.putArray("keys");
		ArrayNode base64 = body.putArray("keys_base64");
		for (int i = 0; i < keys.size(); i++) {
			byte[] share = pgpKeys.isEmpty() ? HexFormat.of().parseHex(keys.get(i))
					: PgpShares.encrypt(pgpKeys.get(i), keys.get(i));
			hex.add(HexFormat.of().formatHex(share));
			base64.add(Base64.getEncoder().encodeToString(share));
		}
		body.put("root_token", rootKey.isEmpty() ? root.id()
				: Base64.getEncoder().encodeToString(PgpShares.encrypt(rootKey, root.id())));
		return Reply.json(200, body);
	}

	/** Vault's seal-config validation, with its messages. */
	static String checkSealConfig(int shares, int threshold, List<String> pgpKeys) {
		if (shares < 1) {
			return "invalid seal configuration: shares must be at least one";
		}
		if (threshold < 1) {
			return "invalid seal configuration: threshold must be at least one";
		}
		if (shares > 1 && threshold == 1) {
			return "invalid seal configuration: threshold must be greater than one for multiple shares";
		}
		if (shares > 255) {
			return "invalid seal configuration: shares must be less than 256";
		}
		if (threshold > shares) {
			return "invalid seal configuration: threshold cannot be larger than shares";
		}
		if (!pgpKeys.isEmpty() && pgpKeys.size() != shares) {
			return "invalid seal configuration: count mismatch between number of provided PGP keys and number of shares";
		}
		return null;
	}

	private Reply unseal(VaultRequest request) {
		Barrier barrier = this.state.barrier;
		if (!barrier.initialized()) {
			return Reply.badRequest("Vault is not initialized");
		}
		if (Json.bool(request.body(), "reset", false)) {
			barrier.resetProgress();
			return Reply.json(200, sealStatus());
		}
		String key = Json.text(request.body(), "key", "");
		if (key.isEmpty()) {
			return Reply.badRequest("'key' must be specified in request body as JSON, or 'reset' set to true");
		}
		if (!barrier.sealed()) {
			return Reply.json(200, sealStatus());
		}
		String error = barrier.submit(key);
		return (error != null) ? Reply.badRequest(error) : Reply.json(200, sealStatus());
	}

	ObjectNode sealStatus() {
		Barrier.Status status = this.state.barrier.status();
		ObjectNode body = Json.object();
		body.put("type", "shamir");
		body.put("initialized", status.initialized());
		body.put("sealed", status.sealed());
		body.put("t", status.threshold());
		body.put("n", status.shares());
		body.put("progress", status.progress());
		body.put("nonce", status.nonce());
		body.put("version", VERSION);
		body.put("build_date", "2024-01-26T14:53:40Z");
		body.put("migration", false);
		if (!status.sealed()) {
			body.put("cluster_name", CLUSTER_NAME);
			body.put("cluster_id", this.state.clusterId);
		}
		body.put("recovery_seal", false);
		body.put("storage_type", "file");
		return body;
	}

	/** A single node without HA, as the lab's Vault is (file storage). */
	private Reply leader() {
		ObjectNode body = Json.object();
		body.put("ha_enabled", false);
		body.put("is_self", false);
		body.put("active_time", "0001-01-01T00:00:00Z");
		body.put("leader_address", "");
		body.put("leader_cluster_address", "");
		body.put("performance_standby", false);
		body.put("performance_standby_last_remote_wal", 0);
		return Reply.json(200, body);
	}

	/**
	 * 200 active, 501 not initialised, 503 sealed; each code overridable by query
	 * parameter as in Vault.
	 */
	private Reply health(VaultRequest request) {
		Barrier barrier = this.state.barrier;
		int status;
		if (!barrier.initialized()) {
			status = code(request, "uninitcode", 501);
		}
		else if (barrier.sealed()) {
			status = code(request, "sealedcode", 503);
		}
		else {
			status = code(request, "activecode", 200);
		}
		ObjectNode body = Json.object();
		body.put("initialized", barrier.initialized());
		body.put("sealed", barrier.sealed());
		body.put("standby", false);
		body.put("performance_standby", false);
		body.put("replication_performance_mode", "disabled");
		body.put("replication_dr_mode", "disabled");
		body.put("server_time_utc", this.state.tokens.clock().instant().getEpochSecond());
		body.put("version", VERSION);
		if (barrier.initialized() && !barrier.sealed()) {
			body.put("cluster_name", CLUSTER_NAME);
			body.put("cluster_id", this.state.clusterId);
		}
		return Reply.json(status, "HEAD".equals(request.method()) ? null : body);
	}

	private static int code(VaultRequest request, String parameter, int fallback) {
		String value = request.query(parameter, "");
		return value.isEmpty() ? fallback : Integer.parseInt(value);
	}

}
