package org.homelab.rollout.rehearsal.vault;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The token auth method: create, lookup, renew and revoke, with Vault's parent/child
 * rules.
 */
final class TokenHandler implements Handler {

	/** Vault's default system max TTL, 32 days. */
	static final long DEFAULT_TTL = 768 * 3600;

	private final VaultState state;

	TokenHandler(VaultState state) {
		this.state = state;
	}

	@Override
	public Reply handle(VaultRequest request, MountTable.Route route, Token caller) {
		TokenStore tokens = this.state.tokens;
		return switch (route.rest()) {
			case "create", "create-orphan" -> create(request, caller, "create-orphan".equals(route.rest()));
			case "lookup-self" -> Reply.data(describe(caller, tokens.clock().instant()));
			case "lookup" -> tokens.lookup(Json.text(request.body(), "token", request.query("token", null)))
				.map(t -> Reply.data(describe(t, tokens.clock().instant())))
				.orElseGet(() -> Reply.error(403, "bad token"));
			case "renew-self" -> renew(caller, request);
			case "renew" -> tokens.lookup(Json.text(request.body(), "token", ""))
				.map(t -> renew(t, request))
				.orElseGet(() -> Reply.badRequest("invalid token"));
			case "revoke-self" -> {
				tokens.revoke(caller.id(), false);
				yield Reply.noContent();
			}
			case "revoke", "revoke-orphan" -> revoke(request, "revoke-orphan".equals(route.rest()));
			case "accessors/" -> accessors();
			case "lookup-accessor" -> tokens.byAccessor(Json.text(request.body(), "accessor", ""))
				.map(t -> Reply.data(describe(t, tokens.clock().instant()).put("id", "")))
				.orElseGet(() -> Reply.badRequest("invalid accessor"));
			case "revoke-accessor" -> tokens.byAccessor(Json.text(request.body(), "accessor", "")).map(t -> {
				tokens.revoke(t.id(), false);
				return Reply.noContent();
			}).orElseGet(() -> Reply.badRequest("invalid accessor"));
			default -> Reply.error(501, "rehearsal lab: auth/token/" + route.rest() + " is not simulated");
		};
	}

	/** The accessors of every live token (sudo: the contract says so). */
	private Reply accessors() {
		ObjectNode data = Json.object();
		data.set("keys", Json.array(this.state.tokens.accessors()));
		return Reply.data(data);
	}

	private Reply create(VaultRequest request, Token parent, boolean orphanPath) {
		ObjectNode body = request.body();
		boolean sudo = parent.root();
		boolean orphan = orphanPath || Json.bool(body, "no_parent", false);
		if (orphan && !orphanPath && !sudo) {
			return Reply.badRequest("root or sudo privileges required to create orphan token");
		}
		List<String> requested = Json.list(body, "policies");
		List<String> parentPolicies = parent.policies().stream().filter(p -> !"default".equals(p)).toList();
		if (requested.isEmpty()) {
			requested = parentPolicies;
		}
		if (!sudo && !parentPolicies.containsAll(requested.stream().filter(p -> !"default".equals(p)).toList())) {
			return Reply.badRequest("child policies must be subset of parent");
		}
		TreeSet<String> policies = new TreeSet<>(requested);
		if (!policies.contains("root") && !Json.bool(body, "no_default_policy", false)) {
			policies.add("default");
		}
		long ttl;
		try {
			ttl = Token.seconds(Json.text(body, "ttl", Json.text(body, "lease", "")));
		}
		catch (IllegalArgumentException ex) {
			return Reply.badRequest(ex.getMessage());
		}
		if (ttl == 0 && !policies.contains("root")) {
			ttl = DEFAULT_TTL;
		}
		Instant now = this.state.tokens.clock().instant();
		if (!parent.root() && parent.ttlSeconds() > 0) {
			// a child never outlives its parent
			ttl = Math.min(ttl, parent.remaining(now));
		}
		Map<String, String> meta = new LinkedHashMap<>();
		if (body.path("meta").isObject()) {
			body.get("meta").fields().forEachRemaining(e -> meta.put(e.getKey(), e.getValue().asText()));
		}
		String displayName = "token"
				+ (Json.text(body, "display_name", "").isEmpty() ? "" : "-" + Json.text(body, "display_name", ""));
		String id = Json.text(body, "id", "");
		if (!id.isEmpty() && !sudo) {
			return Reply.badRequest("root or sudo privileges required to specify token id");
		}
		if (!id.isEmpty() && this.state.tokens.exists(id)) {
			return Reply.badRequest("cannot create a token with a duplicate ID");
		}
		Token token = this.state.tokens.create(id.isEmpty() ? TokenStore.newId() : id, new ArrayList<>(policies),
				displayName, "auth/token/" + (orphanPath ? "create-orphan" : "create"), ttl,
				Json.bool(body, "renewable", true), orphan ? null : parent.id(), meta,
				Json.integer(body, "num_uses", 0));
		return Reply.auth(auth(token));
	}

	private Reply renew(Token token, VaultRequest request) {
		if (!token.renewable()) {
			return Reply.badRequest("lease is not renewable");
		}
		long increment = Token.seconds(Json.text(request.body(), "increment", "0"));
		Token renewed = this.state.tokens.renew(token, increment);
		ObjectNode auth = auth(renewed);
		auth.put("lease_duration", renewed.remaining(this.state.tokens.clock().instant()));
		return Reply.auth(auth);
	}

	private Reply revoke(VaultRequest request, boolean orphanChildren) {
		String id = Json.text(request.body(), "token", "");
		if (id.isEmpty()) {
			return Reply.badRequest("missing token");
		}
		this.state.tokens.revoke(id, orphanChildren);
		return Reply.noContent();
	}

	/** The {@code auth} block of a login or token creation. */
	static ObjectNode auth(Token token) {
		ObjectNode auth = Json.object();
		auth.put("client_token", token.id());
		auth.put("accessor", token.accessor());
		auth.set("policies", Json.array(token.policies()));
		auth.set("token_policies", Json.array(token.policies()));
		auth.set("metadata", token.meta().isEmpty() ? null : Json.MAPPER.valueToTree(token.meta()));
		auth.put("lease_duration", token.ttlSeconds());
		auth.put("renewable", token.renewable());
		auth.put("entity_id", "");
		auth.put("token_type", "service");
		auth.put("orphan", token.orphan());
		auth.putNull("mfa_requirement");
		auth.put("num_uses", token.numUses());
		return auth;
	}

	/** The data of a token lookup, as {@code lookup-self} answers. */
	static ObjectNode describe(Token token, Instant now) {
		ObjectNode data = Json.object();
		data.put("accessor", token.accessor());
		data.put("creation_time", token.created().getEpochSecond());
		data.put("creation_ttl", token.ttlSeconds());
		data.put("display_name", token.displayName());
		data.put("entity_id", "");
		data.put("expire_time", (token.expiry() != null) ? token.expiry().toString() : null);
		data.put("explicit_max_ttl", 0);
		data.put("id", token.id());
		data.put("issue_time", token.created().toString());
		data.set("meta", token.meta().isEmpty() ? null : Json.MAPPER.valueToTree(token.meta()));
		data.put("num_uses", token.numUses());
		data.put("orphan", token.orphan());
		data.put("path", token.path());
		data.set("policies", Json.array(token.policies()));
		data.put("renewable", token.renewable());
		data.put("ttl", token.remaining(now));
		data.put("type", "service");
		return data;
	}

}
