package org.homelab.rollout.rehearsal.vault;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * ACL policies under both paths Vault serves them: the old {@code sys/policy[/name]}
 * (body field "rules", which Spring Vault uses) and {@code sys/policies/acl[/name]}
 * (field "policy").
 */
final class PolicyHandler implements Handler {

	private final PolicyStore policies;

	private final TokenStore tokens;

	PolicyHandler(PolicyStore policies, TokenStore tokens) {
		this.policies = policies;
		this.tokens = tokens;
	}

	@Override
	public boolean exists(VaultRequest request, MountTable.Route route) {
		return this.policies.get(name(request)).isPresent();
	}

	@Override
	public Reply handle(VaultRequest request, MountTable.Route route, Token caller) {
		if (request.path().startsWith("sys/capabilities")) {
			return capabilities(request, caller);
		}
		boolean old = request.path().startsWith("sys/policy");
		String name = name(request);
		if (name.isEmpty()) {
			ObjectNode data = Json.object();
			data.set("keys", Json.array(this.policies.names()));
			if (old) {
				data.set("policies", Json.array(this.policies.names()));
			}
			Reply reply = Reply.data(data);
			if (old) {
				data.fields().forEachRemaining(e -> ((ObjectNode) reply.body()).set(e.getKey(), e.getValue()));
			}
			return reply;
		}
		return switch (request.op()) {
			case READ -> read(name, old);
			case WRITE -> write(request, name, old);
			case DELETE -> delete(name);
			default -> Reply.unsupportedOperation();
		};
	}

	private Reply read(String name, boolean old) {
		return this.policies.get(name).map(policy -> {
			ObjectNode data = Json.object();
			data.put("name", name);
			data.put(old ? "rules" : "policy", policy.text());
			Reply reply = Reply.data(data);
			if (old) {
				data.fields().forEachRemaining(e -> ((ObjectNode) reply.body()).set(e.getKey(), e.getValue()));
			}
			return reply;
		}).orElseGet(Reply::notFound);
	}

	private Reply write(VaultRequest request, String name, boolean old) {
		if ("root".equals(name)) {
			return Reply.badRequest("cannot update \"root\" policy");
		}
		String text = Json.text(request.body(), "policy", old ? Json.text(request.body(), "rules", "") : "");
		if (text.isBlank()) {
			return Reply.badRequest("'policy' parameter not supplied or empty");
		}
		try {
			this.policies.put(AclPolicy.parse(name, text));
		}
		catch (IllegalArgumentException ex) {
			return Reply.badRequest(ex.getMessage());
		}
		return Reply.noContent();
	}

	private Reply delete(String name) {
		if ("root".equals(name) || "default".equals(name)) {
			return Reply.badRequest("cannot delete \"" + name + "\" policy");
		}
		this.policies.delete(name);
		return Reply.noContent();
	}

	/**
	 * What a token (the caller's for capabilities-self) may do on each path; "deny" where
	 * nothing, "root" for root.
	 */
	private Reply capabilities(VaultRequest request, Token caller) {
		Token token = caller;
		if ("sys/capabilities".equals(request.path())) {
			token = this.tokens.lookup(Json.text(request.body(), "token", "")).orElse(null);
			if (token == null) {
				return Reply.badRequest("invalid token");
			}
		}
		List<String> paths = Json.list(request.body(), "paths");
		if (paths.isEmpty()) {
			paths = Json.list(request.body(), "path");
		}
		if (paths.isEmpty()) {
			return Reply.badRequest("missing paths");
		}
		ObjectNode data = Json.object();
		Acl acl = this.policies.acl(token.policies());
		for (String path : paths) {
			Set<String> caps = token.root() ? Set.of("root")
					: new TreeSet<>(acl.capabilities(path.startsWith("/") ? path.substring(1) : path));
			data.set(path, Json.array(caps.isEmpty() ? List.of("deny") : caps));
		}
		if (paths.size() == 1) {
			data.set("capabilities", data.get(paths.get(0)));
		}
		Reply reply = Reply.data(data);
		data.fields().forEachRemaining(e -> ((ObjectNode) reply.body()).set(e.getKey(), e.getValue()));
		return reply;
	}

	/**
	 * The policy name from the path, lower-cased as Vault stores it; empty for the
	 * listing.
	 */
	private static String name(VaultRequest request) {
		String path = request.path();
		String prefix = path.startsWith("sys/policy") ? "sys/policy" : "sys/policies/acl";
		String rest = path.substring(prefix.length());
		return rest.startsWith("/") ? rest.substring(1).toLowerCase(Locale.ROOT) : "";
	}

}
