package org.homelab.rollout.rehearsal.frontdoor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.homelab.rollout.rehearsal.LabNetwork;

/**
 * The front door where the real nginx is not installed: the sites' server blocks
 * ({@link NginxSites}) served at the frontend's lab ports. HTTP answers a server's
 * {@code return} (301 to HTTPS); HTTPS picks the certificate by SNI and the server by
 * Host, asks Authelia when {@code location /} has auth_request (401 becomes a 302 to its
 * Location, 403 stays), then proxies to the upstream (502 when it does not answer).
 */
final class SimulatedFrontDoor implements AutoCloseable {

	private static final List<String> REMOTE = List.of("Remote-User", "Remote-Groups", "Remote-Name", "Remote-Email");

	private final String address;

	private final int httpPort;

	private final int httpsPort;

	private final SniKeys keys = new SniKeys();

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final AutoCloseable listener = this::close;

	private volatile List<NginxSites.Site> sites = List.of();

	private HttpServer http;

	private HttpsServer https;

	private ExecutorService executor;

	SimulatedFrontDoor(String address, int httpPort, int httpsPort) {
		this.address = address;
		this.httpPort = httpPort;
		this.httpsPort = httpsPort;
	}

	/** Serves these files' sites from now on (starting the listeners the first time). */
	synchronized void apply(Map<String, byte[]> files) {
		List<NginxSites.Site> read = NginxSites.read(files);
		this.keys.load(read, files);
		this.sites = read;
		if (this.http != null) {
			return;
		}
		try {
			SSLContext tls = SSLContext.getInstance("TLS");
			tls.init(new KeyManager[] { this.keys }, null, null);
			this.executor = Executors.newFixedThreadPool(4, r -> {
				Thread thread = new Thread(r, "lab-frontdoor");
				thread.setDaemon(true);
				return thread;
			});
			LabNetwork.listening(this.address + ":" + this.httpsPort, this.listener);
			this.http = HttpServer.create(new InetSocketAddress(this.address, this.httpPort), 16);
			this.https = HttpsServer.create(new InetSocketAddress(this.address, this.httpsPort), 16);
			this.https.setHttpsConfigurator(new HttpsConfigurator(tls));
			this.http.createContext("/", exchange -> answer(exchange, false));
			this.https.createContext("/", exchange -> answer(exchange, true));
			this.http.setExecutor(this.executor);
			this.https.setExecutor(this.executor);
			this.http.start();
			this.https.start();
		}
		catch (IOException ex) {
			close();
			throw new UncheckedIOException("cannot listen at " + this.address + " (simulated front door)", ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public synchronized void close() {
		LabNetwork.released(this.address + ":" + this.httpsPort, this.listener);
		if (this.http != null) {
			this.http.stop(0);
		}
		if (this.https != null) {
			this.https.stop(0);
		}
		if (this.executor != null) {
			this.executor.shutdownNow();
		}
		this.http = null;
		this.https = null;
	}

	private void answer(HttpExchange exchange, boolean tls) throws IOException {
		try (exchange) {
			String hostHeader = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Host")).orElse("");
			String host = hostHeader.replaceFirst(":\\d+$", "").toLowerCase(Locale.ROOT);
			int port = tls ? 443 : 80;
			NginxSites.Site site = this.sites.stream()
				.filter(s -> s.ports().contains(port) && s.names().contains(host))
				.findFirst()
				.or(() -> this.sites.stream().filter(s -> s.ports().contains(port) && s.defaultServer()).findFirst())
				.or(() -> this.sites.stream().filter(s -> s.ports().contains(port)).findFirst())
				.orElse(null);
			String uri = exchange.getRequestURI().toString();
			if (site == null) {
				reply(exchange, 404, "");
			}
			else if (site.returnCode() != null) {
				exchange.getResponseHeaders()
					.set("Location", site.returnTarget().replace("$host", host).replace("$request_uri", uri));
				reply(exchange, Integer.parseInt(site.returnCode()), "");
			}
			else if (site.proxyPass() == null) {
				reply(exchange, 404, "");
			}
			else {
				proxy(exchange, site, (tls ? "https://" : "http://") + hostHeader + uri);
			}
		}
	}

	private void proxy(HttpExchange exchange, NginxSites.Site site, String original) throws IOException {
		String method = exchange.getRequestMethod();
		HttpRequest.Builder upstream = HttpRequest
			.newBuilder(URI.create(site.proxyPass().replaceFirst("/$", "") + exchange.getRequestURI()))
			.timeout(Duration.ofSeconds(30))
			.header("X-Forwarded-Proto", original.substring(0, original.indexOf(':')))
			.header("X-Forwarded-Host", Optional.ofNullable(exchange.getRequestHeaders().getFirst("Host")).orElse(""));
		if (site.authRequest()) {
			HttpResponse<String> authz = send(HttpRequest
				.newBuilder(
						URI.create("http://" + this.address + ":" + SimulatedAuthelia.PORT + "/api/authz/auth-request"))
				.header("X-Original-Method", method)
				.header("X-Original-URL", original)
				.header("Cookie", Optional.ofNullable(exchange.getRequestHeaders().getFirst("Cookie")).orElse(""))
				.GET());
			if (authz == null
					|| (authz.statusCode() != 200 && authz.statusCode() != 401 && authz.statusCode() != 403)) {
				reply(exchange, 500, "");
				return;
			}
			if (authz.statusCode() == 401) {
				authz.headers().firstValue("Location").ifPresent(l -> exchange.getResponseHeaders().set("Location", l));
				reply(exchange, 302, "");
				return;
			}
			if (authz.statusCode() == 403) {
				reply(exchange, 403, "");
				return;
			}
			REMOTE.forEach(name -> authz.headers().firstValue(name).ifPresent(v -> upstream.header(name, v)));
		}
		byte[] body = exchange.getRequestBody().readAllBytes();
		HttpResponse<String> answer = send(upstream.method(method, (body.length == 0)
				? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body)));
		if (answer == null) {
			reply(exchange, 502, "<html><head><title>502 Bad Gateway</title></head></html>");
			return;
		}
		answer.headers()
			.firstValue("Content-Type")
			.ifPresent(t -> exchange.getResponseHeaders().set("Content-Type", t));
		reply(exchange, answer.statusCode(), answer.body());
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	private static void reply(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.sendResponseHeaders(status, (bytes.length == 0) ? -1 : bytes.length);
		if (bytes.length > 0) {
			exchange.getResponseBody().write(bytes);
		}
	}

}
