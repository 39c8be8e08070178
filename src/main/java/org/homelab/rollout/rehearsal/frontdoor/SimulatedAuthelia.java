package org.homelab.rollout.rehearsal.frontdoor;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.homelab.rollout.rehearsal.GuestCommand.Result;
import org.homelab.rollout.rehearsal.LabNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The frontend's {@code authelia} unit: Authelia 4.38's authz endpoint
 * ({@code GET /api/authz/auth-request}, as nginx's auth_request asks it) and health, at
 * the frontend's address. It reads configuration.yml only when it (re)starts, like the
 * real one; an invalid file fails the unit, which then stays down.
 */
final class SimulatedAuthelia implements AutoCloseable {

	static final int PORT = 9091;

	private static final Logger log = LoggerFactory.getLogger(SimulatedAuthelia.class);

	private final InetAddress address;

	private final Optional<Path> schema;

	private final AutheliaSessions sessions = new AutheliaSessions();

	private volatile AutheliaConfig config;

	// the last (re)start failed: systemd shows the unit as failed until the next start
	private volatile boolean failed;

	private HttpServer server;

	private ExecutorService executor;

	private final AutoCloseable listener = this::stop;

	SimulatedAuthelia(InetAddress address, Optional<Path> schema) {
		this.address = address;
		this.schema = schema;
	}

	AutheliaSessions sessions() {
		return this.sessions;
	}

	/** The configuration the running unit loaded, or null when it is down. */
	AutheliaConfig loaded() {
		return this.config;
	}

	/** {@code authelia validate-config}: Authelia's answer on the file. */
	Result validate(String yaml) {
		List<String> errors = AutheliaConfig.load(yaml, this.schema).errors();
		if (errors.isEmpty()) {
			return Result.ok("Configuration parsed and loaded successfully without errors.\n");
		}
		StringBuilder out = new StringBuilder("Configuration parsed and loaded with errors:\n\n");
		errors.forEach(error -> out.append("\t - ").append(error).append('\n'));
		return new Result(1, out.toString(), "", null);
	}

	/** systemctl (re)start authelia with the file as it is now. */
	synchronized Result restart(String yaml) {
		stop();
		AutheliaConfig.Loaded loaded = (yaml != null) ? AutheliaConfig.load(yaml, this.schema) : null;
		if (loaded == null || loaded.config() == null) {
			this.failed = true;
			return jobFailed();
		}
		String at = this.address.getHostAddress() + ":" + PORT;
		LabNetwork.listening(at, this.listener);
		try {
			this.server = HttpServer.create(new InetSocketAddress(this.address, PORT), 16);
		}
		catch (IOException ex) {
			// another process holds the address (a lab of another JVM): the unit fails,
			// as
			// the real one would on a taken port
			log.warn("the frontend's Authelia cannot listen at {}: {}", at, ex.getMessage());
			LabNetwork.released(at, this.listener);
			this.failed = true;
			return jobFailed();
		}
		this.executor = Executors.newFixedThreadPool(2, r -> {
			Thread thread = new Thread(r, "lab-authelia");
			thread.setDaemon(true);
			return thread;
		});
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::answer);
		this.config = loaded.config();
		this.failed = false;
		this.server.start();
		return Result.ok("");
	}

	synchronized void stop() {
		this.config = null;
		this.failed = false;
		if (this.server != null) {
			LabNetwork.released(this.address.getHostAddress() + ":" + PORT, this.listener);
			this.server.stop(0);
			this.executor.shutdownNow();
			this.server = null;
		}
	}

	boolean failed() {
		return this.failed;
	}

	boolean active() {
		return this.config != null;
	}

	@Override
	public void close() {
		stop();
	}

	private void answer(HttpExchange exchange) throws IOException {
		AutheliaConfig current = this.config;
		String path = exchange.getRequestURI().getPath();
		try (exchange) {
			if (current == null) {
				reply(exchange, 503, "");
			}
			else if (path.equals("/api/health")) {
				reply(exchange, 200, "{\"status\":\"OK\"}");
			}
			else if (path.equals("/api/authz/auth-request")) {
				authz(exchange, current);
			}
			else {
				// the login portal: the lab has no UI, a test opens sessions instead
				reply(exchange, 200, "<!DOCTYPE html><title>Login - Authelia</title>");
			}
		}
	}

	private void authz(HttpExchange exchange, AutheliaConfig current) throws IOException {
		String original = exchange.getRequestHeaders().getFirst("X-Original-URL");
		String method = Optional.ofNullable(exchange.getRequestHeaders().getFirst("X-Original-Method")).orElse("GET");
		URI target;
		try {
			target = URI.create(original);
		}
		catch (RuntimeException ex) {
			reply(exchange, 400, "");
			return;
		}
		if (target.getHost() == null) {
			reply(exchange, 400, "");
			return;
		}
		AutheliaSessions.Session session = this.sessions
			.fromCookieHeader(exchange.getRequestHeaders().getFirst("Cookie"));
		String resource = target.getRawPath() + ((target.getRawQuery() != null) ? "?" + target.getRawQuery() : "");
		String policy = current.policy(target.getHost(), resource, method, session);
		boolean allowed = switch (policy) {
			case "bypass" -> true;
			case "one_factor" -> session != null;
			case "two_factor" -> session != null && session.twoFactor();
			default -> false;
		};
		if (policy.equals("bypass")) {
			reply(exchange, 200, "");
		}
		else if (allowed) {
			exchange.getResponseHeaders().set("Remote-User", session.user());
			exchange.getResponseHeaders().set("Remote-Groups", String.join(",", session.groups()));
			exchange.getResponseHeaders().set("Remote-Name", session.user());
			exchange.getResponseHeaders().set("Remote-Email", session.user() + "@rehearsal.lan");
			reply(exchange, 200, "");
		}
		else if (session == null && !policy.equals("deny")) {
			exchange.getResponseHeaders()
				.set("Location", current.portal() + "/?rd=" + URLEncoder.encode(original, StandardCharsets.UTF_8)
						+ "&rm=" + method);
			reply(exchange, 401, "");
		}
		else {
			reply(exchange, 403, "");
		}
	}

	private static Result jobFailed() {
		return Result.fail(1, "Job for authelia.service failed because the control process exited with error code.\n"
				+ "See \"systemctl status authelia.service\" and \"journalctl -xeu authelia.service\" for details.\n");
	}

	private static void reply(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.sendResponseHeaders(status, (bytes.length == 0) ? -1 : bytes.length);
		if (bytes.length > 0) {
			exchange.getResponseBody().write(bytes);
		}
	}

}
