package org.homelab.rollout.rehearsal.gitlab;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.homelab.rollout.rehearsal.gitlab.ApiRequest.Reply;

/**
 * GitLab's web server: the health probes for clients in the monitoring allow-list (404
 * for others, as GitLab answers), the sign-in page, and API v4: authenticated by
 * {@code PRIVATE-TOKEN} (or {@code private_token}), checked against the contract, scopes
 * enforced (401/403 as GitLab answers), then routed; and Git over HTTP
 * ({@link GitSmartHttp}). Every API request goes to the journal as system "gitlab" with
 * its verdict.
 */
final class GitlabHttp implements HttpHandler {

	private static final String NOT_RESPONDING = "<!DOCTYPE html><html><head><title>GitLab is not responding (502)"
			+ "</title></head><body><h1>502</h1><h3>Whoops, GitLab is taking too much time to respond.</h3></body></html>";

	private final GitlabLab lab;

	private final GitlabApi api;

	private final GitSmartHttp git;

	GitlabHttp(GitlabLab lab, GitlabApi api) {
		this.lab = lab;
		this.api = api;
		this.git = new GitSmartHttp(lab);
	}

	@Override
	public void handle(HttpExchange exchange) throws IOException {
		String path = exchange.getRequestURI().getRawPath();
		boolean ready = !Instant.now().isBefore(this.lab.readyAt);
		try (exchange) {
			if (path.startsWith("/-/")) {
				probe(exchange, path, ready);
			}
			else if (!ready) {
				send(exchange, 502, "text/html", NOT_RESPONDING);
			}
			else if (path.startsWith("/api/v4/")) {
				api(exchange, path);
			}
			else if (GitSmartHttp.handles(path)) {
				this.git.handle(exchange, path);
			}
			else if (path.equals("/jwt/auth")) {
				this.lab.registry.jwt(exchange);
			}
			else if (path.equals("/users/sign_in")) {
				send(exchange, 200, "text/html; charset=utf-8",
						"<!DOCTYPE html><html><head><title>Sign in · GitLab</title></head><body></body></html>");
			}
			else {
				exchange.getResponseHeaders().set("Location", this.lab.config.externalUrl() + "/users/sign_in");
				send(exchange, 302, "text/html", "");
			}
		}
	}

	private void probe(HttpExchange exchange, String path, boolean ready) throws IOException {
		if (!this.lab.config.monitors(exchange.getRemoteAddress().getAddress())) {
			send(exchange, 404, "text/plain", "");
			return;
		}
		String status = ready ? "ok" : "failed";
		switch (path) {
			case "/-/health" -> send(exchange, ready ? 200 : 502, "text/plain", ready ? "GitLab OK" : NOT_RESPONDING);
			case "/-/liveness" ->
				send(exchange, ready ? 200 : 503, "application/json", "{\"status\":\"" + status + "\"}");
			case "/-/readiness" -> {
				ObjectNode body = ApiRequest.object().put("status", status);
				List<String> checks = new ArrayList<>(List.of("master_check"));
				if ("all=1".equals(exchange.getRequestURI().getRawQuery())) {
					checks.addAll(List.of("db_check", "cache_check", "queues_check", "rate_limiting_check",
							"sessions_check", "gitaly_check"));
				}
				for (String check : checks) {
					ObjectNode result = body.putArray(check).addObject().put("status", status);
					if (!ready) {
						result.put("message", "unexpected " + check.replace("_check", "") + " check result: false");
					}
				}
				send(exchange, ready ? 200 : 503, "application/json", body.toString());
			}
			default -> send(exchange, 404, "text/plain", "");
		}
	}

	private void api(HttpExchange exchange, String rawPath) throws IOException {
		String method = exchange.getRequestMethod();
		Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
		JsonNode body;
		try {
			body = body(exchange);
		}
		catch (JsonProcessingException ex) {
			reply(exchange, method, rawPath, Reply.of(400, ApiRequest.object().put("error", "body is invalid")),
					"bad request");
			return;
		}
		String verdict = this.lab.schema.check(method, rawPath, query, body.isEmpty() ? null : body);
		Reply fault = this.lab.faults.next("gitlab", "api")
			.map(kind -> Reply.message((kind == org.homelab.rollout.rehearsal.FaultInjector.Kind.HTTP_503) ? 503 : 500,
					"500 Internal Server Error"))
			.orElse(null);
		if (fault != null) {
			reply(exchange, method, rawPath, fault, verdict);
			return;
		}
		GitlabState.Token token;
		Reply refused;
		synchronized (this.lab.state) {
			token = token(exchange, query);
			refused = Access.check(token, method, rawPath);
		}
		if (refused != null) {
			reply(exchange, method, rawPath, refused, verdict);
			return;
		}
		if (verdict.startsWith("missing ") || verdict.contains(" is invalid") || verdict.contains("valid value")) {
			reply(exchange, method, rawPath, Reply.of(400, ApiRequest.object().put("error", verdict)), verdict);
			return;
		}
		if (verdict.startsWith("path not in contract")) {
			reply(exchange, method, rawPath, Reply.of(404, ApiRequest.object().put("error", "404 Not Found")), verdict);
			return;
		}
		List<String> segments = new ArrayList<>();
		for (String segment : rawPath.substring("/api/v4/".length()).split("/")) {
			segments.add(URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8));
		}
		Reply reply;
		synchronized (this.lab.state) {
			reply = this.api.answer(new ApiRequest(method, segments, query, body, token));
		}
		reply(exchange, method, rawPath, reply, verdict);
	}

	private GitlabState.Token token(HttpExchange exchange, Map<String, String> query) {
		String value = exchange.getRequestHeaders().getFirst("PRIVATE-TOKEN");
		if (value == null) {
			value = query.get("private_token");
		}
		return (value != null) ? this.lab.state.tokenByValue(value) : null;
	}

	private void reply(HttpExchange exchange, String method, String path, Reply reply, String verdict)
			throws IOException {
		this.lab.journal.record("gitlab", method, path, reply.status(), verdict);
		send(exchange, reply.status(), "application/json", (reply.body() != null) ? reply.body().toString() : "");
	}

	private static JsonNode body(HttpExchange exchange) throws IOException {
		String text = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		String type = exchange.getRequestHeaders().getFirst("Content-Type");
		if (text.isBlank()) {
			return ApiRequest.object();
		}
		if (type != null && type.startsWith("application/x-www-form-urlencoded")) {
			ObjectNode form = ApiRequest.object();
			query(text).forEach(form::put);
			return form;
		}
		return ApiRequest.JSON.readTree(text);
	}

	private static Map<String, String> query(String raw) {
		Map<String, String> query = new LinkedHashMap<>();
		if (raw != null && !raw.isEmpty()) {
			for (String pair : raw.split("&")) {
				int eq = pair.indexOf('=');
				String name = URLDecoder.decode((eq < 0) ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
				query.put(name, (eq < 0) ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
			}
		}
		return query;
	}

	private static void send(HttpExchange exchange, int status, String type, String text) throws IOException {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", type);
		exchange.sendResponseHeaders(status, (bytes.length == 0) ? -1 : bytes.length);
		if (bytes.length > 0) {
			exchange.getResponseBody().write(bytes);
		}
	}

}
