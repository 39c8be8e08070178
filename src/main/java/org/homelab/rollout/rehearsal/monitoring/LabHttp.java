package org.homelab.rollout.rehearsal.monitoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.LabNetwork;
import org.homelab.rollout.rehearsal.RequestJournal;

/**
 * A small HTTP server on one address:port of the lab network, answering through one
 * handler.
 */
final class LabHttp implements AutoCloseable {

	/** What a handler answers. */
	record Reply(int status, String contentType, String body) {

		static Reply json(int status, String body) {
			return new Reply(status, "application/json", body);
		}

		static Reply text(int status, String body) {
			return new Reply(status, "text/plain; version=0.0.4; charset=utf-8", body);
		}

	}

	/**
	 * Faults and journal of a simulated service the product calls (Grafana, the simulated
	 * Prometheus): rules name {@code system} and any operation ("*" or "api").
	 */
	record Faults(FaultInjector injector, String system, RequestJournal journal) {

		static final Faults NONE = new Faults(FaultInjector.none(), "", null);

		/** The fault's answer as the service gives it, if one fires. */
		Reply fault() {
			return this.injector.next(this.system, "api").map(kind -> switch (kind) {
				case HTTP_503 -> Reply.json(503, "{\"message\":\"Service Unavailable\"}");
				default -> Reply.json(500, "{\"message\":\"Internal Server Error\"}");
			}).orElse(null);
		}

		void record(HttpExchange exchange, int status) {
			if (this.journal != null) {
				// no published contract for these services: nothing is schema-checked
				this.journal.record(this.system, exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
						status, "unchecked");
			}
		}

	}

	private final HttpServer server;

	private final ExecutorService executor;

	private final String at;

	LabHttp(InetAddress address, int port, String name, Function<HttpExchange, Reply> handler) {
		this(address, port, name, handler, Faults.NONE);
	}

	LabHttp(InetAddress address, int port, String name, Function<HttpExchange, Reply> handler, Faults faults) {
		this.at = address.getHostAddress() + ":" + port;
		LabNetwork.listening(this.at, this);
		try {
			this.server = HttpServer.create(new InetSocketAddress(address, port), 16);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(
					"cannot listen at " + address.getHostAddress() + ":" + port + " (" + name + ")", ex);
		}
		this.executor = Executors.newFixedThreadPool(2, r -> {
			Thread thread = new Thread(r, name);
			thread.setDaemon(true);
			return thread;
		});
		this.server.setExecutor(this.executor);
		this.server.createContext("/", exchange -> {
			Reply reply = faults.fault();
			try {
				reply = (reply != null) ? reply : handler.apply(exchange);
			}
			catch (RuntimeException ex) {
				reply = Reply.text(500, "internal error: " + ex.getMessage());
			}
			faults.record(exchange, reply.status());
			byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", reply.contentType());
			exchange.sendResponseHeaders(reply.status(), (body.length == 0) ? -1 : body.length);
			if (body.length > 0) {
				exchange.getResponseBody().write(body);
			}
			exchange.close();
		});
		this.server.start();
	}

	static String body(HttpExchange exchange) {
		try {
			return new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		LabNetwork.released(this.at, this);
		this.server.stop(0);
		this.executor.shutdownNow();
	}

}
