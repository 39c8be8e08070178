package org.homelab.rollout.rehearsal.vault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import mockwebserver3.MockWebServer;
import okhttp3.Protocol;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.homelab.rollout.rehearsal.Contracts;
import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.Latency;
import org.homelab.rollout.rehearsal.NoDelayServerSockets;
import org.homelab.rollout.rehearsal.RequestJournal;

/**
 * A simulated HashiCorp Vault 1.15 server: seal, tokens, ACL policies, KV v2/v1,
 * Kubernetes auth, checked against the published OpenAPI contract. Its storage lives in
 * this object, so closing and starting it again is a Vault restart: the data is kept and
 * the server comes back sealed.
 * <p>
 * Faults: the lab asks the injector for system "vault" with operation "api" (every
 * request) and with the request's first path segment ("sys", "auth", or a mount name such
 * as "homelab"); HTTP_500, HTTP_503 and TIMEOUT (the answer is held back for the
 * configured delay, on the connection's own thread) are acted out.
 */
public final class VaultLab implements AutoCloseable {

	private final VaultState state;

	private final VaultSchema schema;

	private final FaultInjector faults;

	private final RequestJournal journal;

	private final Latency latency;

	private final Duration timeout;

	private MockWebServer server;

	private boolean tls;

	/**
	 * A lab with the contract located as usual, the given faults and journal, no
	 * simulated latency and a 30 s TIMEOUT fault delay.
	 */
	public VaultLab(FaultInjector faults, RequestJournal journal) {
		this(Contracts.locate(), faults, journal, Latency.scaled(0), Duration.ofSeconds(30), Clock.systemUTC());
	}

	private volatile Metrics.Access metrics = Metrics.Access.NONE;

	/**
	 * {@code latency}: the unseal that reaches the threshold takes {@code vault.unseal};
	 * {@code timeout}: how long a TIMEOUT fault holds the answer back; {@code clock}: for
	 * token expiry.
	 */
	public VaultLab(Contracts contracts, FaultInjector faults, RequestJournal journal, Latency latency,
			Duration timeout, Clock clock) {
		this.state = new VaultState(clock);
		this.schema = VaultSchema.load(contracts);
		contracts.warnIfIncomplete();
		this.faults = faults;
		this.journal = journal;
		this.latency = latency;
		this.timeout = timeout;
	}

	/**
	 * How the next start's config lets metrics out (its listener's and top-level
	 * {@code telemetry} blocks).
	 */
	public void metrics(boolean unauthenticated, boolean prometheus) {
		this.metrics = new Metrics.Access(unauthenticated, prometheus);
	}

	/** Starts plain HTTP on an ephemeral port of 127.0.0.1. */
	public synchronized void start() {
		start(InetAddress.getLoopbackAddress(), 0, null);
	}

	/** Starts plain HTTP at the given address and port (0 for ephemeral). */
	public synchronized void start(InetAddress address, int port) {
		start(address, port, null);
	}

	/**
	 * Starts at the given address and port, with TLS when {@code certificate} is not
	 * null, presenting it with the given chain (e.g. its CA).
	 */
	public synchronized void start(InetAddress address, int port, HeldCertificate certificate,
			X509Certificate... chain) {
		if (this.server != null) {
			throw new IllegalStateException("Vault lab already running at " + url());
		}
		// a (re)started Vault always comes up sealed
		synchronized (this.state) {
			this.state.barrier.seal();
		}
		MockWebServer started = new MockWebServer();
		started.setServerSocketFactory(new NoDelayServerSockets());
		started.setDispatcher(new VaultDispatcher(this.state, this.schema, this.faults, this.journal, this.latency,
				this.timeout, () -> this.metrics));
		this.tls = certificate != null;
		if (this.tls) {
			HandshakeCertificates handshake = new HandshakeCertificates.Builder().heldCertificate(certificate, chain)
				.build();
			started.useHttps(handshake.sslSocketFactory());
		}
		// over HTTP/2 one held answer (a timeout fault) held the JDK client's later calls
		// to
		// this Vault as well: six timeouts in a row where one in thirty was due. Over
		// HTTP/1.1 each call in flight has its own connection, as the fault means
		started.setProtocols(List.of(Protocol.HTTP_1_1));
		try {
			started.start(address, port);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start the Vault lab at " + address.getHostAddress() + ":" + port,
					ex);
		}
		this.server = started;
	}

	/** Stops listening; the storage stays. */
	@Override
	public synchronized void close() {
		if (this.server != null) {
			this.server.close();
			this.server = null;
		}
	}

	/**
	 * Empties the storage: an uninitialised Vault, sealed, without tokens, policies or
	 * secrets.
	 */
	public void reset() {
		synchronized (this.state) {
			this.state.wipe();
		}
	}

	public synchronized boolean running() {
		return this.server != null;
	}

	/**
	 * Where clients reach it, e.g. {@code http://127.0.0.1:8200} (no path: clients add
	 * {@code /v1/}).
	 */
	public synchronized URI url() {
		if (this.server == null) {
			throw new IllegalStateException("Vault lab is not running");
		}
		return URI.create((this.tls ? "https" : "http") + "://" + host(this.server.getSocketAddress().getAddress())
				+ ":" + this.server.getPort());
	}

	public synchronized int port() {
		return (this.server != null) ? this.server.getPort() : -1;
	}

	public boolean initialized() {
		synchronized (this.state) {
			return this.state.barrier.initialized();
		}
	}

	public boolean sealed() {
		synchronized (this.state) {
			return this.state.barrier.sealed();
		}
	}

	/**
	 * Secrets engines by path (with trailing slash) and their type; a kv v2 engine shows
	 * as "kv-v2".
	 */
	public Map<String, String> mounts() {
		synchronized (this.state) {
			Map<String, String> mounts = new TreeMap<>();
			this.state.mounts.secrets().forEach((path, m) -> mounts.put(path, m.kvVersion2() ? "kv-v2" : m.type()));
			return mounts;
		}
	}

	/** Auth methods by path (without "auth/", with trailing slash) and their type. */
	public Map<String, String> authMounts() {
		synchronized (this.state) {
			Map<String, String> mounts = new TreeMap<>();
			this.state.mounts.auths().forEach((path, m) -> mounts.put(path, m.type()));
			return mounts;
		}
	}

	/**
	 * The current version of every KV v2 secret, by "mount/path": a secret generated
	 * twice shows as version 2.
	 */
	public Map<String, Integer> kvVersions() {
		synchronized (this.state) {
			Map<String, Integer> versions = new TreeMap<>();
			this.state.kv2.forEach((mount, secrets) -> secrets
				.forEach((path, secret) -> versions.put(mount + path, secret.currentVersion)));
			return versions;
		}
	}

	/** The names of the ACL policies, "default" and "root" included. */
	public List<String> policies() {
		synchronized (this.state) {
			return this.state.policies.names();
		}
	}

	/**
	 * How many root tokens are valid, whoever holds them: a rollout leaves none behind.
	 */
	public long validRootTokens() {
		synchronized (this.state) {
			return this.state.tokens.accessors()
				.stream()
				.map(this.state.tokens::byAccessor)
				.filter(t -> t.isPresent() && t.get().root())
				.count();
		}
	}

	/** Whether a root generation attempt is in progress (Vault keeps it in memory). */
	public boolean rootGenerationInProgress() {
		synchronized (this.state) {
			return this.state.barrier.rootGeneration() != null;
		}
	}

	Barrier.Status barrierStatus() {
		synchronized (this.state) {
			return this.state.barrier.status();
		}
	}

	/**
	 * Whether the published contract was found; without it every request is journalled
	 * "unchecked".
	 */
	public boolean contractLoaded() {
		return this.schema.loaded();
	}

	private static String host(InetAddress address) {
		String text = address.getHostAddress();
		return text.contains(":") ? "[" + text + "]" : text;
	}

}
