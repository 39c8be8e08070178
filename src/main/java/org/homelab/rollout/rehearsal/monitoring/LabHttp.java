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
import org.homelab.rollout.rehearsal.LabNetwork;

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

	private final HttpServer server;

	private final ExecutorService executor;

	private final String at;

	LabHttp(InetAddress address, int port, String name, Function<HttpExchange, Reply> handler) {
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
			Reply reply;
			try {
				reply = handler.apply(exchange);
			}
			catch (RuntimeException ex) {
				reply = Reply.text(500, "internal error: " + ex.getMessage());
			}
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
