package org.homelab.rollout.rehearsal.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.homelab.rollout.rehearsal.FaultInjector;

/**
 * proxmox-backup-proxy's front: {@code /api2/json/...} only; sign-in (an API token in
 * {@code Authorization: PBSAPIToken=id:secret} or {@code PBSAPIToken id:secret}, or the
 * {@code PBSAuthCookie} ticket with a {@code CSRFPreventionToken} on writes); then the
 * parameters against the published schema (violations answered 400 and journalled); then
 * faults (system "pbs", operation "api": HTTP_500, HTTP_503, TIMEOUT); then the routes,
 * under the state's monitor.
 */
final class PbsDispatcher implements HttpHandler {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final String PREFIX = "/api2/json";

	/** The routes the lab serves, as the schema's paths. */
	private static final List<String> ROUTES = List.of("/version", "/ping", "/access/ticket", "/access/users",
			"/access/users/{userid}", "/access/users/{userid}/token", "/access/users/{userid}/token/{token-name}",
			"/access/acl", "/config/datastore", "/config/datastore/{name}", "/admin/datastore",
			"/admin/datastore/{store}/status", "/admin/datastore/{store}/snapshots", "/admin/datastore/{store}/gc",
			"/status/datastore-usage", "/config/prune", "/config/prune/{id}", "/admin/prune/{id}/run", "/config/verify",
			"/config/verify/{id}", "/admin/verify/{id}/run", "/nodes/{node}/tasks/{upid}/status",
			"/nodes/{node}/tasks/{upid}/log");

	private final PbsLab lab;

	private final PbsAccessRoutes access;

	private final PbsStoreRoutes stores;

	private final PbsJobRoutes jobs;

	PbsDispatcher(PbsLab lab) {
		this.lab = lab;
		this.access = new PbsAccessRoutes(lab.state);
		this.stores = new PbsStoreRoutes(lab);
		this.jobs = new PbsJobRoutes(lab);
	}

	@Override
	public void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String method = exchange.getRequestMethod();
			String path = exchange.getRequestURI().getRawPath();
			PbsAnswer answer;
			String verdict;
			if (!path.startsWith(PREFIX + "/")) {
				answer = PbsAnswer.error(404, "Path '" + path + "' not found.");
				verdict = "unchecked";
			}
			else {
				List<String> segments = Arrays.stream(path.substring(PREFIX.length() + 1).split("/"))
					.map(s -> URLDecoder.decode(s, StandardCharsets.UTF_8))
					.toList();
				Map<String, List<String>> params = params(exchange);
				Outcome outcome = dispatch(exchange, method, segments, params);
				answer = outcome.answer();
				verdict = outcome.verdict();
			}
			String shown = path.startsWith(PREFIX) ? path.substring(PREFIX.length()) : path;
			if (answer.fault() != null) {
				actOut(exchange, method, shown, answer.fault(), verdict);
				return;
			}
			Duration hold = this.lab.journal().record("pbs", method, shown, answer.status(), verdict);
			if (!hold.isZero()) {
				sleep(hold);
			}
			send(exchange, answer);
		}
	}

	private record Outcome(PbsAnswer answer, String verdict) {
	}

	private Outcome dispatch(HttpExchange exchange, String method, List<String> segments,
			Map<String, List<String>> params) {
		PbsSchema.Lookup lookup = this.lab.schema().lookup(method, segments);
		String route = null;
		for (String candidate : ROUTES) {
			Map<String, String> variables = match(candidate, segments);
			if (variables != null) {
				route = candidate;
				variables.forEach((name, value) -> params.put(name, List.of(value)));
				break;
			}
		}
		if (!lookup.found()) {
			String message = "Path '" + PREFIX + "/" + String.join("/", segments) + "' not found.";
			return new Outcome(PbsAnswer.error(404, message), "no such method in the schema: " + method);
		}
		Map<String, String> errors = this.lab.schema().validate(lookup, params);
		String verdict = !this.lab.schema().checked() ? "unchecked"
				: errors.isEmpty() ? "ok" : "parameter verification errors " + errors;
		boolean open = route != null && (route.equals("/ping") || route.equals("/access/ticket"));
		String authId = open ? null : authenticate(exchange, method);
		if (!open && authId == null) {
			return new Outcome(PbsAnswer.error(401, "authentication failed - invalid credentials"), verdict);
		}
		if (!errors.isEmpty()) {
			StringBuilder message = new StringBuilder("parameter verification errors\n");
			errors.forEach((name, error) -> message.append("\nparameter '").append(name).append("': ").append(error));
			return new Outcome(PbsAnswer.error(400, message.toString()), verdict);
		}
		if (route == null) {
			return new Outcome(PbsAnswer.error(501, "not implemented in the rehearsal lab"), verdict);
		}
		Optional<FaultInjector.Kind> fault = this.lab.faults().next("pbs", "api");
		if (fault.isPresent()) {
			return new Outcome(PbsAnswer.fault(fault.get()), verdict);
		}
		PbsRequest request = new PbsRequest(method, route, params, authId);
		synchronized (this.lab.state) {
			return new Outcome(route(request), verdict);
		}
	}

	private PbsAnswer route(PbsRequest request) {
		String route = request.route();
		if (route.equals("/ping")) {
			return PbsAnswer.ok(JsonNodeFactory.instance.objectNode().put("pong", true));
		}
		if (route.equals("/version")) {
			return PbsAnswer.ok(JsonNodeFactory.instance.objectNode()
				.put("version", PbsApt.VERSION.replaceFirst("-.*", ""))
				.put("release", PbsApt.VERSION.replaceFirst(".*-", ""))
				.put("repoid", "6d3a1ea1"));
		}
		if (route.equals("/access/ticket") && request.method().equals("POST")) {
			return ticket(request);
		}
		Optional<PbsAnswer> answer = route.startsWith("/access/") ? this.access.answer(request)
				: this.stores.answer(request).or(() -> this.jobs.answer(request));
		return answer.orElseGet(() -> PbsAnswer.error(501,
				"Method '" + request.method() + " " + PREFIX + route + "' not implemented in the rehearsal lab"));
	}

	/**
	 * {@code root@pam} signs in with the VM's root password, a {@code @pbs} user with the
	 * password {@code proxmox-backup-manager user create|update} gave it.
	 */
	private PbsAnswer ticket(PbsRequest request) {
		String username = request.param("username");
		String password = request.param("password");
		PbsState state = this.lab.state;
		synchronized (state) {
			PbsState.User user = (username != null) ? state.users.get(username) : null;
			String digest = "root@pam".equals(username) ? state.rootPasswordDigest
					: (user != null && username.endsWith("@pbs")) ? user.passwordDigest : null;
			if (password == null || digest == null || !digest.equals(PbsState.digest(password))) {
				return PbsAnswer.error(401, "authentication failure");
			}
			String ticket = "PBS:" + username + ":" + Long.toHexString(this.lab.now().getEpochSecond()).toUpperCase()
					+ "::" + UUID.randomUUID();
			state.tickets.put(ticket, username);
			return PbsAnswer.ok(JsonNodeFactory.instance.objectNode()
				.put("username", username)
				.put("ticket", ticket)
				.put("CSRFPreventionToken", PbsState.digest("csrf:" + ticket).substring(0, 40)));
		}
	}

	/** The signed-in auth id, or null. */
	private String authenticate(HttpExchange exchange, String method) {
		String header = exchange.getRequestHeaders().getFirst("Authorization");
		PbsState state = this.lab.state;
		synchronized (state) {
			if (header != null && (header.startsWith("PBSAPIToken=") || header.startsWith("PBSAPIToken "))) {
				String value = header.substring("PBSAPIToken=".length());
				int colon = value.indexOf(':');
				if (colon < 0) {
					return null;
				}
				String tokenId = value.substring(0, colon);
				return state.tokenMatches(tokenId, value.substring(colon + 1)) ? tokenId : null;
			}
			String ticket = cookie(exchange.getRequestHeaders().getFirst("Cookie"));
			String user = (ticket != null) ? state.tickets.get(ticket) : null;
			if (user != null && !method.equals("GET")) {
				String csrf = exchange.getRequestHeaders().getFirst("CSRFPreventionToken");
				if (csrf == null || !csrf.equals(PbsState.digest("csrf:" + ticket).substring(0, 40))) {
					return null;
				}
			}
			return user;
		}
	}

	private static String cookie(String header) {
		if (header == null) {
			return null;
		}
		for (String part : header.split(";")) {
			String cookie = part.strip();
			if (cookie.startsWith("PBSAuthCookie=")) {
				return URLDecoder.decode(cookie.substring("PBSAuthCookie=".length()), StandardCharsets.UTF_8);
			}
		}
		return null;
	}

	private static Map<String, String> match(String route, List<String> segments) {
		String[] parts = route.substring(1).split("/");
		if (parts.length != segments.size()) {
			return null;
		}
		Map<String, String> variables = new LinkedHashMap<>();
		for (int i = 0; i < parts.length; i++) {
			if (parts[i].startsWith("{")) {
				variables.put(parts[i].substring(1, parts[i].length() - 1), segments.get(i));
			}
			else if (!parts[i].equals(segments.get(i))) {
				return null;
			}
		}
		return variables;
	}

	/** Query and body (form or JSON object), merged as PBS does. */
	private static Map<String, List<String>> params(HttpExchange exchange) throws IOException {
		Map<String, List<String>> params = new LinkedHashMap<>();
		decode(exchange.getRequestURI().getRawQuery(), params);
		byte[] body;
		try (InputStream in = exchange.getRequestBody()) {
			body = in.readAllBytes();
		}
		String type = exchange.getRequestHeaders().getFirst("Content-Type");
		String text = new String(body, StandardCharsets.UTF_8);
		if (type != null && type.startsWith("application/json") && !text.isBlank()) {
			JSON.readTree(text).properties().forEach(field -> {
				List<String> values = params.computeIfAbsent(field.getKey(), k -> new ArrayList<>());
				if (field.getValue().isArray()) {
					field.getValue().forEach(item -> values.add(item.asText()));
				}
				else {
					values.add(field.getValue().asText());
				}
			});
		}
		else {
			decode(text, params);
		}
		return params;
	}

	private static void decode(String encoded, Map<String, List<String>> into) {
		if (encoded == null || encoded.isEmpty()) {
			return;
		}
		for (String pair : encoded.split("&")) {
			int eq = pair.indexOf('=');
			String name = URLDecoder.decode((eq < 0) ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
			String value = (eq < 0) ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
			into.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
		}
	}

	/** A fault, after the checks: the request was valid, the server failed it. */
	private void actOut(HttpExchange exchange, String method, String shown, FaultInjector.Kind kind, String verdict)
			throws IOException {
		switch (kind) {
			case TIMEOUT -> {
				this.lab.journal().record("pbs", method, shown, 0, verdict);
				sleep(this.lab.timeoutDelay());
				// the connection closes without an answer, as a hung proxy's does
			}
			case HTTP_503 -> {
				this.lab.journal().record("pbs", method, shown, 503, verdict);
				send(exchange, PbsAnswer.error(503, "service unavailable"));
			}
			default -> {
				this.lab.journal().record("pbs", method, shown, 500, verdict);
				send(exchange, PbsAnswer.error(500, "internal server error"));
			}
		}
	}

	private static void send(HttpExchange exchange, PbsAnswer answer) throws IOException {
		byte[] body;
		if (answer.status() == 200) {
			JsonNode data = answer.data();
			body = JSON.writeValueAsBytes(JsonNodeFactory.instance.objectNode().set("data", data));
		}
		else {
			body = answer.message().getBytes(StandardCharsets.UTF_8);
		}
		exchange.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
		exchange.sendResponseHeaders(answer.status(), body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
