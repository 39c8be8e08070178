package org.homelab.rollout.rehearsal.kubernetes;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * The API server's part for service account tokens of
 * {@code kubernetes.io/service-account-token} Secrets (the lab's token controller fills
 * them): the bearer token names the account while its Secret and account exist; each
 * request is then authorized by RBAC as the real API server does it (the account's
 * ClusterRoleBindings and the RoleBindings of the request's namespace, their rules'
 * verbs, API groups, resources with subresource, resource names, non-resource URLs), plus
 * what every authenticated user may (discovery, version, health). Reads the store
 * directly: it runs on the API server's event loop.
 */
final class ServiceAccountAccess {

	private static final String RBAC = "/apis/rbac.authorization.k8s.io/v1";

	private static final List<String> PUBLIC = List.of("/api", "/api/*", "/apis", "/apis/*", "/version", "/healthz",
			"/livez", "/readyz", "/openapi/*");

	/** The account a request comes from: {@code system:serviceaccount:<ns>:<name>}. */
	record Account(String namespace, String name) {

		String user() {
			return "system:serviceaccount:" + this.namespace + ":" + this.name;
		}

	}

	/** What a request asks to do, as the API server's request info has it. */
	record Attributes(String verb, String group, String namespace, String resource, String subresource, String name,
			String path) {

		boolean resourceRequest() {
			return this.resource != null;
		}

	}

	private final Function<RecordedRequest, MockResponse> store;

	ServiceAccountAccess(Function<RecordedRequest, MockResponse> store) {
		this.store = store;
	}

	/** The account whose token this is, if a token Secret of a live account holds it. */
	Optional<Account> account(RecordedRequest request, String token) {
		if (token.isEmpty()) {
			return Optional.empty();
		}
		for (JsonNode secret : items(request, "/api/v1/secrets")) {
			if (!"kubernetes.io/service-account-token".equals(secret.path("type").asText())) {
				continue;
			}
			String encoded = secret.path("data").path("token").asText("");
			if (encoded.isEmpty()
					|| !token.equals(new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8))) {
				continue;
			}
			String ns = secret.path("metadata").path("namespace").asText();
			String name = secret.path("metadata")
				.path("annotations")
				.path("kubernetes.io/service-account.name")
				.asText("");
			if (get(request, "/api/v1/namespaces/" + ns + "/serviceaccounts/" + name).isPresent()) {
				return Optional.of(new Account(ns, name));
			}
		}
		return Optional.empty();
	}

	/**
	 * 403 as the API server words it when RBAC does not allow the request, else empty.
	 */
	Optional<MockResponse> refusal(RecordedRequest request, Account account) {
		Attributes asked = attributes(request);
		if (allowed(request, account, asked)) {
			return Optional.empty();
		}
		String message;
		if (!asked.resourceRequest()) {
			message = "forbidden: User \"" + account.user() + "\" cannot " + asked.verb() + " path \"" + asked.path()
					+ "\"";
		}
		else {
			String resource = asked.resource() + ((asked.subresource() != null) ? "/" + asked.subresource() : "");
			String what = (asked.group().isEmpty() ? asked.resource() : asked.resource() + "." + asked.group())
					+ ((asked.name() != null) ? " \"" + asked.name() + "\"" : "");
			message = what + " is forbidden: User \"" + account.user() + "\" cannot " + asked.verb() + " resource \""
					+ resource + "\" in API group \"" + asked.group() + "\"" + ((asked.namespace() != null)
							? " in the namespace \"" + asked.namespace() + "\"" : " at the cluster scope");
		}
		return Optional.of(StatusBodies.failure(403, "Forbidden", message));
	}

	static Attributes attributes(RecordedRequest request) {
		String full = request.getPath();
		int q = full.indexOf('?');
		String path = (q < 0) ? full : full.substring(0, q);
		String query = (q < 0) ? "" : full.substring(q + 1);
		List<String> parts = new ArrayList<>(List.of(path.replaceFirst("^/", "").split("/")));
		boolean core = !parts.isEmpty() && parts.get(0).equals("api");
		boolean grouped = !parts.isEmpty() && parts.get(0).equals("apis");
		int start = core ? 2 : 3;
		if ((!core && !grouped) || parts.size() <= start) {
			return new Attributes(nonResourceVerb(request.method()), "", null, null, null, null, path);
		}
		String group = core ? "" : parts.get(1);
		List<String> rest = parts.subList(start, parts.size());
		String ns = null;
		if (rest.size() >= 2 && rest.get(0).equals("namespaces") && rest.size() > 2) {
			ns = rest.get(1);
			rest = rest.subList(2, rest.size());
		}
		else if (rest.get(0).equals("namespaces") && rest.size() == 2) {
			ns = rest.get(1);
		}
		String resource = rest.get(0);
		String name = (rest.size() > 1) ? rest.get(1) : null;
		String sub = (rest.size() > 2) ? rest.get(2) : null;
		String verb = switch (request.method()) {
			case POST -> "create";
			case PUT -> "update";
			case PATCH -> "patch";
			case DELETE -> (name == null) ? "deletecollection" : "delete";
			default -> (name != null) ? "get" : query.contains("watch=true") ? "watch" : "list";
		};
		return new Attributes(verb, group, ns, resource, sub, name, path);
	}

	private static String nonResourceVerb(HttpMethod method) {
		return switch (method) {
			case POST -> "post";
			case PUT -> "put";
			case PATCH -> "patch";
			case DELETE -> "delete";
			default -> "get";
		};
	}

	private boolean allowed(RecordedRequest request, Account account, Attributes asked) {
		if (!asked.resourceRequest() && asked.verb().equals("get")
				&& PUBLIC.stream().anyMatch(pattern -> pathMatches(pattern, asked.path()))) {
			return true;
		}
		List<JsonNode> rules = new ArrayList<>();
		for (JsonNode binding : items(request, RBAC + "/clusterrolebindings")) {
			if (binds(binding, account)) {
				rules.addAll(role(request, binding.path("roleRef"), null));
			}
		}
		if (asked.namespace() != null) {
			for (JsonNode binding : items(request, RBAC + "/namespaces/" + asked.namespace() + "/rolebindings")) {
				if (binds(binding, account)) {
					rules.addAll(role(request, binding.path("roleRef"), asked.namespace()));
				}
			}
		}
		return rules.stream().anyMatch(rule -> covers(rule, asked));
	}

	private static boolean binds(JsonNode binding, Account account) {
		for (JsonNode subject : binding.path("subjects")) {
			String kind = subject.path("kind").asText();
			if (kind.equals("ServiceAccount") && subject.path("name").asText().equals(account.name())
					&& subject.path("namespace").asText().equals(account.namespace())) {
				return true;
			}
			if (kind.equals("Group") && List
				.of("system:serviceaccounts", "system:serviceaccounts:" + account.namespace(), "system:authenticated")
				.contains(subject.path("name").asText())) {
				return true;
			}
		}
		return false;
	}

	private List<JsonNode> role(RecordedRequest request, JsonNode ref, String ns) {
		String kind = ref.path("kind").asText();
		String name = ref.path("name").asText();
		Optional<JsonNode> role = kind.equals("ClusterRole") ? get(request, RBAC + "/clusterroles/" + name)
				: (ns != null) ? get(request, RBAC + "/namespaces/" + ns + "/roles/" + name) : Optional.empty();
		List<JsonNode> rules = new ArrayList<>();
		role.ifPresent(r -> r.path("rules").forEach(rules::add));
		return rules;
	}

	private static boolean covers(JsonNode rule, Attributes asked) {
		if (!has(rule.path("verbs"), asked.verb())) {
			return false;
		}
		if (!asked.resourceRequest()) {
			for (JsonNode url : rule.path("nonResourceURLs")) {
				if (pathMatches(url.asText(), asked.path())) {
					return true;
				}
			}
			return false;
		}
		String resource = asked.resource() + ((asked.subresource() != null) ? "/" + asked.subresource() : "");
		boolean resources = false;
		for (JsonNode r : rule.path("resources")) {
			String text = r.asText();
			resources |= text.equals("*") || text.equals(resource)
					|| (asked.subresource() != null && text.equals("*/" + asked.subresource()))
					|| (text.equals(asked.resource() + "/*") && asked.subresource() != null);
		}
		boolean names = rule.path("resourceNames").isEmpty()
				|| (asked.name() != null && has(rule.path("resourceNames"), asked.name()));
		return has(rule.path("apiGroups"), asked.group()) && resources && names;
	}

	private static boolean has(JsonNode values, String value) {
		for (JsonNode v : values) {
			if (v.asText().equals("*") || v.asText().equals(value)) {
				return true;
			}
		}
		return false;
	}

	private static boolean pathMatches(String pattern, String path) {
		return pattern.equals("*") || pattern.equals(path)
				|| (pattern.endsWith("*") && path.startsWith(pattern.substring(0, pattern.length() - 1)));
	}

	private List<JsonNode> items(RecordedRequest like, String path) {
		List<JsonNode> items = new ArrayList<>();
		get(like, path).ifPresent(list -> list.path("items").forEach(items::add));
		return items;
	}

	private Optional<JsonNode> get(RecordedRequest like, String path) {
		MockResponse response = this.store.apply(CustomResourceWrites.get(like, path));
		if (response.code() != 200) {
			return Optional.empty();
		}
		try {
			return Optional.of(ContractCrds.json().readTree(CustomResourceWrites.text(response.getBody())));
		}
		catch (java.io.IOException ex) {
			return Optional.empty();
		}
	}

}
