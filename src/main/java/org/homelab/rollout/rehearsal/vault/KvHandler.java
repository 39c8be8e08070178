package org.homelab.rollout.rehearsal.vault;

import java.time.Instant;
import java.util.Map;
import java.util.TreeSet;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * KV v2: {@code data/}, {@code metadata/}, {@code delete/}, {@code undelete/},
 * {@code destroy/}, {@code config}.
 */
final class KvHandler implements Handler {

	private static final int MOUNT_MAX_VERSIONS = 10;

	private final VaultState state;

	KvHandler(VaultState state) {
		this.state = state;
	}

	@Override
	public boolean exists(VaultRequest request, MountTable.Route route) {
		String rest = route.rest();
		int slash = rest.indexOf('/');
		return slash < 0 || this.state.kv2(route.mount().path()).containsKey(rest.substring(slash + 1));
	}

	@Override
	public Reply handle(VaultRequest request, MountTable.Route route, Token caller) {
		String rest = route.rest();
		int slash = rest.indexOf('/');
		String kind = (slash < 0) ? rest : rest.substring(0, slash);
		String path = (slash < 0) ? "" : rest.substring(slash + 1);
		Map<String, KvSecret> secrets = this.state.kv2(route.mount().path());
		Instant now = this.state.tokens.clock().instant();
		return switch (kind) {
			case "data" -> data(request, secrets, path, now);
			case "metadata" -> metadata(request, secrets, path, now);
			case "delete", "undelete", "destroy" -> versions(kind, request, secrets.get(path), now);
			case "config" -> config(request);
			default -> Reply.unsupportedPath();
		};
	}

	private Reply data(VaultRequest request, Map<String, KvSecret> secrets, String path, Instant now) {
		KvSecret secret = secrets.get(path);
		switch (request.op()) {
			case READ -> {
				if (secret == null || secret.versions.isEmpty()) {
					return Reply.notFound();
				}
				int version = Integer.parseInt(request.query("version", "0"));
				if (version == 0) {
					version = secret.currentVersion;
				}
				KvSecret.Version v = secret.versions.get(version);
				if (v == null) {
					return Reply.notFound();
				}
				ObjectNode data = Json.object();
				data.set("data", (v.deleted() != null || v.destroyed()) ? null : v.data());
				data.set("metadata", secret.versionMetadata(version));
				Reply reply = Reply.data(data);
				// a deleted version still shows its metadata, with 404
				return (v.deleted() != null || v.destroyed()) ? Reply.json(404, reply.body()) : reply;
			}
			case WRITE -> {
				JsonNode data = request.body().get("data");
				if (data == null || !data.isObject()) {
					return Reply.badRequest("no data provided");
				}
				JsonNode cas = request.body().path("options").get("cas");
				int current = (secret == null) ? 0 : secret.currentVersion;
				if (cas == null && secret != null && secret.casRequired) {
					return Reply.badRequest("check-and-set parameter required for this call");
				}
				if (cas != null && cas.asInt() != current) {
					return Reply.badRequest("check-and-set parameter did not match the current version");
				}
				KvSecret target = (secret != null) ? secret : new KvSecret(now);
				secrets.put(path, target);
				int version = target.write(data, now, MOUNT_MAX_VERSIONS);
				return Reply.data(target.versionMetadata(version));
			}
			case DELETE -> {
				if (secret != null && secret.versions.containsKey(secret.currentVersion)) {
					secret.mark(secret.currentVersion, now, false);
				}
				return Reply.noContent();
			}
			default -> {
				return Reply.unsupportedOperation();
			}
		}
	}

	private Reply metadata(VaultRequest request, Map<String, KvSecret> secrets, String path, Instant now) {
		KvSecret secret = secrets.get(path);
		switch (request.op()) {
			case LIST -> {
				TreeSet<String> keys = new TreeSet<>();
				for (String name : secrets.keySet()) {
					if (name.startsWith(path)) {
						String below = name.substring(path.length());
						int slash = below.indexOf('/');
						keys.add((slash < 0) ? below : below.substring(0, slash + 1));
					}
				}
				if (keys.isEmpty()) {
					return Reply.notFound();
				}
				ObjectNode data = Json.object();
				data.set("keys", Json.array(keys));
				return Reply.data(data);
			}
			case READ -> {
				return (secret == null) ? Reply.notFound() : Reply.data(secret.metadata());
			}
			case WRITE -> {
				KvSecret target = (secret != null) ? secret : new KvSecret(now);
				JsonNode body = request.body();
				target.maxVersions = Json.integer(body, "max_versions", target.maxVersions);
				target.casRequired = Json.bool(body, "cas_required", target.casRequired);
				if (body.path("custom_metadata").isObject()) {
					target.customMetadata = Json.MAPPER.convertValue(body.get("custom_metadata"),
							new TypeReference<Map<String, String>>() {
							});
				}
				target.updated = now;
				secrets.put(path, target);
				return Reply.noContent();
			}
			case DELETE -> {
				secrets.remove(path);
				return Reply.noContent();
			}
			default -> {
				return Reply.unsupportedOperation();
			}
		}
	}

	private Reply versions(String kind, VaultRequest request, KvSecret secret, Instant now) {
		if (request.op() != Op.WRITE) {
			return Reply.unsupportedOperation();
		}
		if (Json.list(request.body(), "versions").isEmpty()) {
			return Reply.badRequest("no versions provided");
		}
		if (secret != null) {
			for (String version : Json.list(request.body(), "versions")) {
				int number = Integer.parseInt(version);
				switch (kind) {
					case "delete" -> secret.mark(number, now, false);
					case "destroy" -> secret.mark(number, null, true);
					default -> undelete(secret, number);
				}
			}
		}
		return Reply.noContent();
	}

	private static void undelete(KvSecret secret, int number) {
		KvSecret.Version v = secret.versions.get(number);
		if (v != null && !v.destroyed()) {
			secret.versions.put(number, new KvSecret.Version(v.data(), v.created(), null, false));
		}
	}

	private Reply config(VaultRequest request) {
		if (request.op() == Op.READ) {
			ObjectNode data = Json.object();
			data.put("cas_required", false);
			data.put("delete_version_after", "0s");
			data.put("max_versions", 0);
			return Reply.data(data);
		}
		return Reply.noContent();
	}

}
