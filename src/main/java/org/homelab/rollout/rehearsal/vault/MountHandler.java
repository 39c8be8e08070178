package org.homelab.rollout.rehearsal.vault;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code sys/mounts[/path]} and {@code sys/auth[/path]}: enabling, reading and disabling
 * engines and methods.
 */
final class MountHandler implements Handler {

	/**
	 * Engine types this Vault knows (its plugin catalogue); only kv is served by the lab.
	 */
	static final Set<String> SECRET_TYPES = Set.of("kv", "kv-v2", "pki", "transit", "database", "ssh", "totp",
			"kubernetes", "aws", "consul", "rabbitmq");

	static final Set<String> AUTH_TYPES = Set.of("kubernetes", "approle", "userpass", "jwt", "oidc", "cert", "ldap",
			"github");

	private static final String UI_MOUNTS = "sys/internal/ui/mounts/";

	private final VaultState state;

	MountHandler(VaultState state) {
		this.state = state;
	}

	@Override
	public Reply handle(VaultRequest request, MountTable.Route route, Token caller) {
		if (request.path().startsWith(UI_MOUNTS)) {
			return uiMount(request.path().substring(UI_MOUNTS.length()), caller);
		}
		boolean auth = request.path().startsWith("sys/auth");
		String prefix = auth ? "sys/auth" : "sys/mounts";
		String rest = request.path().substring(prefix.length());
		if (rest.isEmpty() || "/".equals(rest)) {
			return list(auth);
		}
		String path = MountTable.normalise(rest.substring(1));
		return switch (request.op()) {
			case READ -> this.state.mounts.get(path, auth)
				.map(m -> Reply.data(describe(m)))
				.orElseGet(() -> Reply.badRequest("No " + (auth ? "auth" : "secret engine") + " mount at " + path));
			case WRITE -> enable(request.body(), path, auth);
			case DELETE -> disable(path, auth);
			default -> Reply.unsupportedOperation();
		};
	}

	/**
	 * The mount a path belongs to, which clients (Spring Vault's property sources, the
	 * CLI) ask to tell KV v1 from v2. Unauthenticated in the contract, but Vault only
	 * answers callers with some access below the mount.
	 */
	private Reply uiMount(String path, Token caller) {
		Optional<MountTable.Route> route = this.state.mounts.route(path);
		if (route.isEmpty()) {
			return Reply.badRequest("no mount found at path: " + path);
		}
		Mount mount = route.get().mount();
		if (caller == null
				|| (!caller.root() && !this.state.policies.acl(caller.policies()).grantsBelow(mount.requestPrefix()))) {
			return Reply.error(403, "preflight capability check returned 403, please ensure client's policies grant "
					+ "access to path \"" + mount.requestPrefix() + "\"");
		}
		ObjectNode data = describe(mount);
		data.put("path", mount.requestPrefix());
		return Reply.data(data);
	}

	private Reply list(boolean auth) {
		Map<String, Mount> table = auth ? this.state.mounts.auths() : this.state.mounts.secrets();
		ObjectNode data = Json.object();
		new TreeMap<>(table).forEach((path, mount) -> data.set(path, describe(mount)));
		Reply reply = Reply.data(data);
		// Vault also repeats the mounts at top level, for old clients (Spring Vault reads
		// either)
		ObjectNode body = (ObjectNode) reply.body();
		data.fields().forEachRemaining(e -> body.set(e.getKey(), e.getValue()));
		return reply;
	}

	private Reply enable(JsonNode body, String path, boolean auth) {
		String type = Json.text(body, "type", "");
		if (type.isEmpty()) {
			return Reply.badRequest("backend type must be specified as a string");
		}
		if (!auth && MountTable.RESERVED.stream().anyMatch(path::startsWith)) {
			return Reply.badRequest("cannot mount '" + path + "' of type '" + type + "': reserved path");
		}
		if (auth && "token".equals(type)) {
			return Reply.badRequest("token credential backend cannot be instantiated");
		}
		if (!(auth ? AUTH_TYPES : SECRET_TYPES).contains(type)) {
			return Reply.badRequest("plugin not found in the catalog: " + type);
		}
		if (this.state.mounts.conflicts(path, auth)) {
			return Reply.badRequest("path is already in use at " + path);
		}
		Map<String, String> options = new LinkedHashMap<>();
		if (body.path("options").isObject()) {
			body.get("options").fields().forEachRemaining(e -> options.put(e.getKey(), e.getValue().asText()));
		}
		if ("kv-v2".equals(type)) {
			type = "kv";
			options.put("version", "2");
		}
		else if ("kv".equals(type)) {
			options.putIfAbsent("version", "1");
		}
		this.state.mounts.put(Mount.of(path, type, Json.text(body, "description", ""), options, auth));
		return Reply.noContent();
	}

	private Reply disable(String path, boolean auth) {
		if (!auth && MountTable.RESERVED.stream().anyMatch(path::startsWith)) {
			return Reply.badRequest("cannot unmount '" + path + "'");
		}
		if (auth && "token/".equals(path)) {
			return Reply.badRequest("token credential backend cannot be disabled");
		}
		this.state.mounts.remove(path, auth).ifPresent(this.state::forget);
		return Reply.noContent();
	}

	static ObjectNode describe(Mount mount) {
		ObjectNode entry = Json.object();
		entry.put("accessor", mount.accessor());
		ObjectNode config = entry.putObject("config");
		config.put("default_lease_ttl", 0);
		config.put("max_lease_ttl", 0);
		config.put("force_no_cache", false);
		entry.put("description", mount.description());
		entry.put("external_entropy_access", false);
		entry.put("local", false);
		entry.set("options", mount.options().isEmpty() ? null : Json.MAPPER.valueToTree(mount.options()));
		entry.put("plugin_version", "");
		entry.put("running_plugin_version", "v" + SealHandler.VERSION + "+builtin.vault");
		entry.put("running_sha256", "");
		entry.put("seal_wrap", false);
		entry.put("type", mount.type());
		entry.put("uuid", mount.uuid());
		return entry;
	}

}
