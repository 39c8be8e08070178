package org.homelab.rollout.rehearsal.kubernetes;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where clients reach the lab's K3s API server: a TLS port with a certificate signed by a
 * cluster CA, as K3s has ({@code k3s-server-ca}), both made before anything connects, so
 * the kubeconfig is known from the start. Behind it the cluster (fabric8's mock API
 * server, the seed, the controllers: some 6,000 classes and 50 MB) starts on first use; a
 * request that comes while it starts is held until it runs (past a bound, answered as a
 * starting API server answers: 503 with {@code Retry-After}, which Kubernetes clients
 * retry), then every connection is relayed to it byte for byte (HTTP/1.1 and the
 * WebSocket upgrades of watches alike). An engine that never touches K3s never pays for
 * the cluster.
 */
final class ApiServerFront implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(ApiServerFront.class);

	private final HeldCertificate ca = new HeldCertificate.Builder().certificateAuthority(0)
		.commonName("k3s-server-ca")
		.ecdsa256()
		.build();

	private final HeldCertificate certificate = new HeldCertificate.Builder().commonName("k3s")
		.organizationalUnit("k3s")
		.addSubjectAlternativeName("localhost")
		.addSubjectAlternativeName("127.0.0.1")
		.addSubjectAlternativeName("kubernetes.default.svc")
		.ecdsa256()
		.signedBy(this.ca)
		.build();

	private final Set<Socket> open = ConcurrentHashMap.newKeySet();

	private final ExecutorService relays = Executors.newCachedThreadPool(runnable -> {
		Thread thread = new Thread(runnable, "k3s-lab-relay");
		thread.setDaemon(true);
		return thread;
	});

	private static final byte[] STARTING = ("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},"
			+ "\"status\":\"Failure\",\"message\":\"the K3s API server is starting\","
			+ "\"reason\":\"ServiceUnavailable\",\"code\":503}")
		.getBytes(StandardCharsets.UTF_8);

	/** How long a request waits for a starting cluster before it is answered 503. */
	static final Duration HOLD = Duration.ofSeconds(8);

	private final BooleanSupplier started;

	private final Runnable start;

	private final IntSupplier cluster;

	private ServerSocket socket;

	/**
	 * @param started whether the cluster runs
	 * @param start starts it in the background
	 * @param cluster the running cluster's plain HTTP port on the loopback address
	 */
	ApiServerFront(BooleanSupplier started, Runnable start, IntSupplier cluster) {
		this.started = started;
		this.start = start;
		this.cluster = cluster;
	}

	synchronized ApiServerFront start(int port) {
		if (this.socket != null) {
			return this;
		}
		try {
			SSLServerSocket server = (SSLServerSocket) new HandshakeCertificates.Builder()
				.heldCertificate(this.certificate, this.ca.certificate())
				.build()
				.sslContext()
				.getServerSocketFactory()
				.createServerSocket();
			server.setReuseAddress(true);
			server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
			this.socket = server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("the K3s lab cannot listen on port " + port, ex);
		}
		Thread accept = new Thread(this::accept, "k3s-lab-front");
		accept.setDaemon(true);
		accept.start();
		return this;
	}

	int port() {
		return this.socket.getLocalPort();
	}

	/** The cluster CA (PEM) a kubeconfig trusts. */
	String caPem() {
		return this.ca.certificatePem();
	}

	private void accept() {
		while (!this.socket.isClosed()) {
			try {
				Socket client = this.socket.accept();
				client.setTcpNoDelay(true);
				this.open.add(client);
				this.relays.execute(() -> relay(client));
			}
			catch (IOException ex) {
				if (!this.socket.isClosed()) {
					log.warn("K3s lab: accepting a connection failed: {}", ex.toString());
				}
			}
		}
	}

	private void relay(Socket client) {
		Socket upstream = null;
		try {
			// the handshake first: a client's connect timeout must not run while the
			// cluster starts behind it
			((SSLSocket) client).startHandshake();
			if (!this.started.getAsBoolean()) {
				this.start.run();
				if (!awaitStart()) {
					answerStarting(client);
					return;
				}
			}
			upstream = new Socket(InetAddress.getLoopbackAddress(), this.cluster.getAsInt());
			upstream.setTcpNoDelay(true);
			this.open.add(upstream);
			Socket back = upstream;
			this.relays.execute(() -> copy(back, client));
			copy(client, upstream);
		}
		catch (IOException | RuntimeException ex) {
			// the cluster failed to start or went away: the client sees its connection
			// close, as with an API server that is down
			log.warn("K3s lab: relaying a connection failed: {}", ex.toString());
			close(client);
			close(upstream);
		}
	}

	/**
	 * Holds the request while the cluster starts, up to {@link #HOLD}: on a real homelab
	 * K3s has long been running, so a lab starting its cluster late must not show the
	 * first client (a plan's look at the nodes) a refusal. Past that bound, still inside
	 * a client's 10 s read timeout, it answers as a starting API server does.
	 */
	private boolean awaitStart() {
		long until = System.nanoTime() + HOLD.toNanos();
		while (!this.started.getAsBoolean()) {
			if (System.nanoTime() > until) {
				return false;
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		return true;
	}

	/** Reads one request and answers 503, closing the connection. */
	private void answerStarting(Socket client) throws IOException {
		try (client) {
			InputStream in = client.getInputStream();
			int contentLength = 0;
			StringBuilder line = new StringBuilder();
			for (int b = in.read(); b != -1; b = in.read()) {
				if (b != '\n') {
					line.append((char) b);
					continue;
				}
				String header = line.toString().trim();
				line.setLength(0);
				if (header.isEmpty()) {
					break;
				}
				if (header.regionMatches(true, 0, "content-length:", 0, 15)) {
					contentLength = Integer.parseInt(header.substring(15).trim());
				}
			}
			in.skipNBytes(contentLength);
			OutputStream out = client.getOutputStream();
			out.write(("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nRetry-After: 1\r\n"
					+ "Connection: close\r\nContent-Length: " + STARTING.length + "\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.write(STARTING);
			out.flush();
		}
	}

	/** Copies until either side ends, then closes both: one connection, one life. */
	private void copy(Socket from, Socket to) {
		byte[] buffer = new byte[16 * 1024];
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			int read;
			while ((read = in.read(buffer)) != -1) {
				out.write(buffer, 0, read);
				out.flush();
			}
		}
		catch (SocketException ex) {
			// closed by the other direction
		}
		catch (IOException ex) {
			log.debug("K3s lab: connection ended: {}", ex.toString());
		}
		finally {
			close(from);
			close(to);
		}
	}

	private void close(Socket socket) {
		if (socket == null) {
			return;
		}
		this.open.remove(socket);
		try {
			socket.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
	}

	@Override
	public synchronized void close() {
		if (this.socket == null) {
			return;
		}
		try {
			this.socket.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
		this.open.forEach(this::close);
		this.relays.shutdownNow();
	}

}
