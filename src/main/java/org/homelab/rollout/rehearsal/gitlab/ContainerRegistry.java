package org.homelab.rollout.rehearsal.gitlab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.homelab.rollout.rehearsal.LabNetwork;
import org.homelab.rollout.rehearsal.gitlab.CiState.Grant;
import org.homelab.rollout.rehearsal.gitlab.CiState.Repository;
import org.homelab.rollout.rehearsal.gitlab.CiState.Tag;

/**
 * GitLab's container registry with its token authentication: the registry (Docker
 * Distribution's API v2) listens on the VM's address at the port gitlab.rb gives
 * {@code registry_nginx['listen_port']} (plain HTTP, as there: TLS ends at the front
 * door) and answers a request without a fitting bearer token 401 with
 * {@code WWW-Authenticate: Bearer realm="<external_url>/jwt/auth",service="container_registry"}
 * (and {@code scope}, {@code error="insufficient_scope"} when one was shown); GitLab's
 * {@code GET /jwt/auth} takes Basic credentials (any user name with a personal access
 * token of scope {@code api}, {@code read_registry} or {@code write_registry}) and
 * answers {@code {"token": …}}, valid five minutes, allowing the requested actions the
 * token may do. Registry tokens are opaque here (GitLab signs a JWT; clients must not
 * look inside either). Faults: {@code registry:api:HTTP_500|HTTP_503} answers a registry
 * request 503. Requests go to the journal as system "registry" (and "gitlab" for
 * {@code /jwt/auth}), verdict "unchecked": no published contract covers them.
 */
final class ContainerRegistry implements AutoCloseable {

	static final String SERVICE = "container_registry";

	static final Duration TOKEN_LIFETIME = Duration.ofMinutes(5);

	private static final Pattern SCOPE = Pattern.compile("repository:([a-z0-9._/-]+):([a-z,*]+)");

	private static final Pattern MANIFEST = Pattern.compile("/v2/(.+)/manifests/([^/]+)");

	private static final Pattern TAGS = Pattern.compile("/v2/(.+)/tags/list");

	private static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";

	private final GitlabLab lab;

	private HttpServer server;

	private ExecutorService executor;

	private String at;

	ContainerRegistry(GitlabLab lab) {
		this.lab = lab;
	}

	/** The port gitlab.rb has the registry listen on, or -1 when it has none to serve. */
	static int port(GitlabRb config) {
		if (config.registryExternalUrl() == null) {
			return -1;
		}
		String port = config.settings().get("registry_nginx['listen_port']");
		if (port != null) {
			return Integer.parseInt(port.replace("'", "").replace("\"", ""));
		}
		URI url = URI.create(config.registryExternalUrl());
		// the lab serves plain HTTP only: an https registry without its own port is not
		// served
		return url.getScheme().equals("http") ? ((url.getPort() > 0) ? url.getPort() : 80) : -1;
	}

	synchronized void start(InetAddress address, int port) {
		close();
		this.at = address.getHostAddress() + ":" + port;
		LabNetwork.listening(this.at, this);
		try {
			this.server = HttpServer.create(new InetSocketAddress(address, port), 32);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot listen at " + this.at + " (GitLab's registry)", ex);
		}
		this.executor = Executors.newFixedThreadPool(2, r -> {
			Thread thread = new Thread(r, "gitlab-registry-lab");
			thread.setDaemon(true);
			return thread;
		});
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::registry);
		this.server.start();
	}

	@Override
	public synchronized void close() {
		if (this.server != null) {
			this.server.stop(0);
			this.executor.shutdownNow();
			LabNetwork.released(this.at, this);
			this.server = null;
		}
	}

	/** GitLab's {@code GET /jwt/auth}: a registry token for the requested scope. */
	void jwt(HttpExchange exchange) throws IOException {
		Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
		if (this.lab.config.registryExternalUrl() == null || !SERVICE.equals(query.get("service"))) {
			journal("gitlab", exchange, 404);
			send(exchange, 404, "application/json", "{\"message\":\"404 Not Found\"}");
			return;
		}
		GitlabState.Token token;
		synchronized (this.lab.state) {
			token = basicToken(exchange.getRequestHeaders().getFirst("Authorization"));
		}
		if (exchange.getRequestHeaders().getFirst("Authorization") != null && token == null) {
			journal("gitlab", exchange, 401);
			send(exchange, 401, "application/json",
					"{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"HTTP Basic: Access denied. If a password "
							+ "was detected in HTTP headers, you must use a personal access token.\"}]}");
			return;
		}
		Map<String, List<String>> access = new LinkedHashMap<>();
		String scope = query.get("scope");
		if (scope != null && token != null) {
			Matcher matcher = SCOPE.matcher(scope);
			if (matcher.matches()) {
				List<String> allowed = new ArrayList<>();
				boolean project;
				synchronized (this.lab.state) {
					project = this.lab.state.projects.values()
						.stream()
						.map(p -> p.fullPath().toLowerCase(Locale.ROOT))
						.anyMatch(p -> matcher.group(1).equals(p) || matcher.group(1).startsWith(p + "/"));
				}
				for (String action : matcher.group(2).split(",")) {
					boolean may = token.scopes().contains("api")
							|| (action.equals("pull") && token.scopes().contains("read_registry"))
							|| (action.equals("push") && token.scopes().contains("write_registry"));
					if (project && may) {
						allowed.add(action);
					}
				}
				access.put(matcher.group(1), List.copyOf(allowed));
			}
		}
		String value = GitlabState.secret("lab-registry-");
		synchronized (this.lab.state) {
			Instant now = Instant.now();
			this.lab.state.ci.registryTokens.values().removeIf(g -> !now.isBefore(g.expiresAt()));
			this.lab.state.ci.registryTokens.put(GitlabState.digest(value),
					new Grant(Map.copyOf(access), now.plus(TOKEN_LIFETIME)));
		}
		journal("gitlab", exchange, 200);
		send(exchange, 200, "application/json", ApiRequest.object().put("token", value).toString());
	}

	/** Docker Distribution's API v2, as far as pulling a manifest goes. */
	private void registry(HttpExchange exchange) throws IOException {
		try (exchange) {
			String path = exchange.getRequestURI().getRawPath();
			String method = exchange.getRequestMethod();
			Grant grant = bearer(exchange.getRequestHeaders().getFirst("Authorization"));
			exchange.getResponseHeaders().set("Docker-Distribution-Api-Version", "registry/2.0");
			if (this.lab.faults.next("registry", "api").isPresent()) {
				error(exchange, 503, "UNAVAILABLE", "service unavailable");
				return;
			}
			if (path.equals("/v2/") || path.equals("/v2")) {
				if (grant == null) {
					unauthorized(exchange, null, false);
				}
				else {
					reply(exchange, 200, "application/json", "{}");
				}
				return;
			}
			Matcher manifest = MANIFEST.matcher(path);
			Matcher tags = TAGS.matcher(path);
			String name = manifest.matches() ? manifest.group(1) : tags.matches() ? tags.group(1) : null;
			if (name == null || !(method.equals("GET") || method.equals("HEAD"))) {
				error(exchange, 404, "UNSUPPORTED", "The operation is unsupported.");
				return;
			}
			if (grant == null || !grant.allows(name, "pull")) {
				unauthorized(exchange, name, grant != null);
				return;
			}
			Repository repository;
			synchronized (this.lab.state) {
				repository = this.lab.state.ci.repositories.get(name);
			}
			if (repository == null) {
				error(exchange, 404, "NAME_UNKNOWN", "repository name not known to registry");
				return;
			}
			if (tags.matches()) {
				ObjectNode list = ApiRequest.object().put("name", name);
				synchronized (this.lab.state) {
					repository.tags.keySet().forEach(list.putArray("tags")::add);
				}
				reply(exchange, 200, "application/json", list.toString());
				return;
			}
			String reference = URLDecoder.decode(manifest.group(2), StandardCharsets.UTF_8);
			Tag tag;
			synchronized (this.lab.state) {
				tag = repository.tags.values()
					.stream()
					.filter(t -> t.name().equals(reference) || t.digest().equals(reference))
					.findFirst()
					.orElse(null);
			}
			if (tag == null) {
				error(exchange, 404, "MANIFEST_UNKNOWN", "manifest unknown");
				return;
			}
			exchange.getResponseHeaders().set("Docker-Content-Digest", tag.digest());
			exchange.getResponseHeaders().set("Content-Type", MANIFEST_TYPE);
			this.lab.journal.record("registry", method, path, 200, "unchecked");
			if (method.equals("HEAD")) {
				exchange.getResponseHeaders().set("Content-Length", Integer.toString(tag.manifest().length));
				exchange.sendResponseHeaders(200, -1);
			}
			else {
				exchange.sendResponseHeaders(200, tag.manifest().length);
				exchange.getResponseBody().write(tag.manifest());
			}
		}
	}

	private void unauthorized(HttpExchange exchange, String name, boolean insufficient) throws IOException {
		String challenge = "Bearer realm=\"" + this.lab.config.externalUrl().replaceFirst("/$", "")
				+ "/jwt/auth\",service=\"" + SERVICE + "\""
				+ ((name != null) ? ",scope=\"repository:" + name + ":pull\"" : "")
				+ (insufficient ? ",error=\"insufficient_scope\"" : "");
		exchange.getResponseHeaders().set("WWW-Authenticate", challenge);
		error(exchange, 401, "UNAUTHORIZED", "authentication required");
	}

	private void error(HttpExchange exchange, int status, String code, String message) throws IOException {
		ObjectNode body = ApiRequest.object();
		body.putArray("errors").addObject().put("code", code).put("message", message).putNull("detail");
		reply(exchange, status, "application/json", body.toString());
	}

	private void reply(HttpExchange exchange, int status, String type, String text) throws IOException {
		this.lab.journal.record("registry", exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), status,
				"unchecked");
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", type);
		boolean head = exchange.getRequestMethod().equals("HEAD");
		exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
		if (!head) {
			exchange.getResponseBody().write(bytes);
		}
	}

	private Grant bearer(String authorization) {
		if (authorization == null || !authorization.startsWith("Bearer ")) {
			return null;
		}
		String digest = GitlabState.digest(authorization.substring("Bearer ".length()).strip());
		synchronized (this.lab.state) {
			Grant grant = this.lab.state.ci.registryTokens.get(digest);
			return (grant != null && Instant.now().isBefore(grant.expiresAt())) ? grant : null;
		}
	}

	/** The personal access token of Basic credentials, if valid now. */
	private GitlabState.Token basicToken(String authorization) {
		if (authorization == null || !authorization.startsWith("Basic ")) {
			return null;
		}
		String decoded;
		try {
			decoded = new String(Base64.getDecoder().decode(authorization.substring("Basic ".length()).strip()),
					StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
		int colon = decoded.indexOf(':');
		if (colon < 0) {
			return null;
		}
		GitlabState.Token token = this.lab.state.tokenByValue(decoded.substring(colon + 1));
		return (token == null || token.revoked() || Tokens.expired(token)) ? null : token;
	}

	private void journal(String system, HttpExchange exchange, int status) {
		this.lab.journal.record(system, exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), status,
				"unchecked");
	}

	private static void send(HttpExchange exchange, int status, String type, String text) throws IOException {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", type);
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
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

}
