package org.homelab.rollout.rehearsal.vault;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The Kubernetes auth method: {@code config}, {@code role[/name]} and {@code login}.
 * Login reads the service account from the JWT's claims; unlike real Vault it cannot ask
 * the cluster's TokenReview API, so the signature is not checked.
 */
final class KubernetesAuthHandler implements Handler {

	private final VaultState state;

	KubernetesAuthHandler(VaultState state) {
		this.state = state;
	}

	@Override
	public boolean exists(VaultRequest request, MountTable.Route route) {
		String rest = route.rest();
		return !rest.startsWith("role/")
				|| this.state.kubernetesRoles(route.mount().path()).containsKey(rest.substring("role/".length()));
	}

	@Override
	public Reply handle(VaultRequest request, MountTable.Route route, Token caller) {
		String mount = route.mount().path();
		String rest = route.rest();
		if ("config".equals(rest)) {
			return config(request, mount);
		}
		if ("login".equals(rest)) {
			return login(request, mount);
		}
		if ("role/".equals(rest) || "role".equals(rest)) {
			TreeSet<String> keys = new TreeSet<>(this.state.kubernetesRoles(mount).keySet());
			if (keys.isEmpty()) {
				return Reply.notFound();
			}
			ObjectNode data = Json.object();
			data.set("keys", Json.array(keys));
			return Reply.data(data);
		}
		if (rest.startsWith("role/")) {
			return role(request, mount, rest.substring("role/".length()));
		}
		return Reply.unsupportedPath();
	}

	private Reply config(VaultRequest request, String mount) {
		if (request.op() == Op.READ) {
			ObjectNode config = this.state.kubernetesConfig.get(mount);
			return (config == null) ? Reply.notFound() : Reply.data(config.deepCopy());
		}
		JsonNode body = request.body();
		String host = Json.text(body, "kubernetes_host", "");
		if (host.isEmpty()) {
			return Reply.badRequest("no host provided");
		}
		ObjectNode config = Json.object();
		config.put("kubernetes_host", host);
		config.put("kubernetes_ca_cert", Json.text(body, "kubernetes_ca_cert", ""));
		config.set("pem_keys", Json.array(Json.list(body, "pem_keys")));
		config.put("issuer", Json.text(body, "issuer", ""));
		config.put("disable_iss_validation", Json.bool(body, "disable_iss_validation", true));
		config.put("disable_local_ca_jwt", Json.bool(body, "disable_local_ca_jwt", false));
		// the reviewer JWT is a secret: Vault only says whether it is set
		config.put("token_reviewer_jwt_set", Json.has(body, "token_reviewer_jwt"));
		this.state.kubernetesConfig.put(mount, config);
		return Reply.noContent();
	}

	private Reply role(VaultRequest request, String mount, String name) {
		Map<String, ObjectNode> roles = this.state.kubernetesRoles(mount);
		switch (request.op()) {
			case READ -> {
				ObjectNode role = roles.get(name);
				return (role == null) ? Reply.notFound() : Reply.data(role.deepCopy());
			}
			case DELETE -> {
				roles.remove(name);
				return Reply.noContent();
			}
			case WRITE -> {
				JsonNode body = request.body();
				List<String> names = Json.list(body, "bound_service_account_names");
				List<String> namespaces = Json.list(body, "bound_service_account_namespaces");
				if (names.isEmpty()) {
					return Reply.badRequest("\"bound_service_account_names\" can not be empty");
				}
				if (namespaces.isEmpty() && !Json.has(body, "bound_service_account_namespace_selector")) {
					return Reply.badRequest("\"bound_service_account_namespaces\" can not be empty");
				}
				List<String> policies = Json.list(body, "token_policies");
				if (policies.isEmpty()) {
					policies = Json.list(body, "policies");
				}
				long ttl = Token.seconds(Json.text(body, "token_ttl", Json.text(body, "ttl", "0")));
				long maxTtl = Token.seconds(Json.text(body, "token_max_ttl", Json.text(body, "max_ttl", "0")));
				ObjectNode role = Json.object();
				role.put("alias_name_source", Json.text(body, "alias_name_source", "serviceaccount_uid"));
				role.put("audience", Json.text(body, "audience", ""));
				role.set("bound_service_account_names", Json.array(names));
				role.set("bound_service_account_namespaces", Json.array(namespaces));
				role.set("policies", Json.array(policies));
				role.set("token_policies", Json.array(policies));
				role.put("token_ttl", ttl);
				role.put("ttl", ttl);
				role.put("token_max_ttl", maxTtl);
				role.put("max_ttl", maxTtl);
				role.put("token_type", Json.text(body, "token_type", "default"));
				role.put("token_no_default_policy", Json.bool(body, "token_no_default_policy", false));
				roles.put(name, role);
				return Reply.noContent();
			}
			default -> {
				return Reply.unsupportedOperation();
			}
		}
	}

	private Reply login(VaultRequest request, String mount) {
		String roleName = Json.text(request.body(), "role", "");
		String jwt = Json.text(request.body(), "jwt", "");
		if (roleName.isEmpty()) {
			return Reply.badRequest("missing role");
		}
		if (jwt.isEmpty()) {
			return Reply.badRequest("missing jwt");
		}
		if (!this.state.kubernetesConfig.containsKey(mount)) {
			return Reply.badRequest("could not load backend configuration");
		}
		ObjectNode role = this.state.kubernetesRoles(mount).get(roleName);
		if (role == null) {
			return Reply.badRequest("invalid role name \"" + roleName + "\"");
		}
		JsonNode claims = claims(jwt);
		if (claims == null) {
			return Reply.badRequest("not a compact JWS");
		}
		JsonNode projected = claims.path("kubernetes.io");
		String namespace = projected.path("namespace")
			.asText(claims.path("kubernetes.io/serviceaccount/namespace").asText(""));
		String account = projected.path("serviceaccount")
			.path("name")
			.asText(claims.path("kubernetes.io/serviceaccount/service-account.name").asText(""));
		if (!allowed(role.get("bound_service_account_names"), account)) {
			return Reply.error(403, "service account name not authorized");
		}
		if (!allowed(role.get("bound_service_account_namespaces"), namespace)) {
			return Reply.error(403, "namespace not authorized");
		}
		TreeSet<String> policies = new TreeSet<>(Json.list(role, "token_policies"));
		if (!role.path("token_no_default_policy").asBoolean()) {
			policies.add("default");
		}
		long ttl = role.path("token_ttl").asLong();
		Token token = this.state.tokens.create(List.copyOf(policies), "kubernetes-" + namespace + "-" + account,
				"auth/" + mount + "login", (ttl > 0) ? ttl : TokenHandler.DEFAULT_TTL, true, null,
				Map.of("role", roleName, "service_account_name", account, "service_account_namespace", namespace), 0);
		return Reply.auth(TokenHandler.auth(token));
	}

	private static boolean allowed(JsonNode bound, String value) {
		for (JsonNode entry : bound) {
			if ("*".equals(entry.asText()) || entry.asText().equals(value)) {
				return true;
			}
		}
		return false;
	}

	private static JsonNode claims(String jwt) {
		String[] parts = jwt.split("\\.");
		if (parts.length != 3) {
			return null;
		}
		try {
			return Json.MAPPER.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
		}
		catch (Exception ex) {
			return null;
		}
	}

}
