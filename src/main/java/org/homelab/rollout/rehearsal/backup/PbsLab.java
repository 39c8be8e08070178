package org.homelab.rollout.rehearsal.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.LabNetwork;
import org.homelab.rollout.rehearsal.Latency;
import org.homelab.rollout.rehearsal.RequestJournal;
import org.homelab.rollout.rehearsal.proxmox.BackupServers;

/**
 * The Proxmox Backup Server of one VM: its state (kept across restarts, as on its disk),
 * its self-signed certificate (made at install, as {@code proxy.pem} is) and, while
 * {@code proxmox-backup-proxy} runs, its API on port {@value #PORT} of the VM's address.
 */
public final class PbsLab implements AutoCloseable {

	public static final int PORT = 8007;

	/** A snapshot as tests may see it. */
	public record SnapshotView(String store, int vmid, Instant time, long size, String owner, String verifyState) {
	}

	final PbsState state = new PbsState();

	private final Settings settings;

	private final String hostname;

	private final Map<String, byte[]> files;

	private final HeldCertificate certificate;

	private final PbsTasks tasks;

	private HttpsServer server;

	private ExecutorService executor;

	private String at;

	/** What every PBS of the lab shares. */
	record Settings(PbsSchema schema, FaultInjector faults, RequestJournal journal, Latency latency, Clock clock,
			Duration timeoutDelay, long diskBytes) {
	}

	PbsLab(Settings settings, String hostname, Map<String, byte[]> files, String rootPassword) {
		this.settings = settings;
		this.hostname = hostname;
		this.files = files;
		this.state.rootPasswordDigest = (rootPassword != null) ? PbsState.digest(rootPassword) : null;
		// proxy.pem: self-signed, named after the host, valid for its address too
		this.certificate = new HeldCertificate.Builder().commonName(hostname)
			.organizationalUnit("PROXMOX BACKUP SERVER")
			.addSubjectAlternativeName(hostname)
			.addSubjectAlternativeName("localhost")
			.ecdsa256()
			.build();
		this.tasks = new PbsTasks(hostname, settings.clock());
	}

	/** Listens at {@code address}:8007 (a restart keeps the state). */
	synchronized void start(InetAddress address) {
		close();
		this.at = address.getHostAddress() + ":" + PORT;
		LabNetwork.listening(this.at, this);
		try {
			this.server = HttpsServer.create(new InetSocketAddress(address, PORT), 32);
		}
		catch (IOException ex) {
			LabNetwork.released(this.at, this);
			throw new UncheckedIOException("cannot listen at " + this.at + " (Proxmox Backup Server)", ex);
		}
		HandshakeCertificates tls = new HandshakeCertificates.Builder().heldCertificate(this.certificate).build();
		this.server.setHttpsConfigurator(new HttpsConfigurator(tls.sslContext()));
		this.executor = Executors.newFixedThreadPool(4, r -> {
			Thread thread = new Thread(r, "pbs-lab-" + this.hostname);
			thread.setDaemon(true);
			return thread;
		});
		this.server.setExecutor(this.executor);
		this.server.createContext("/", new PbsDispatcher(this));
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

	public synchronized boolean running() {
		return this.server != null;
	}

	/** {@code host:8007} while running, else null. */
	public synchronized String address() {
		return (this.server != null) ? this.at : null;
	}

	public String hostname() {
		return this.hostname;
	}

	/** The certificate's SHA-256, upper-case colon hex as the PBS dashboard shows it. */
	public String fingerprint() {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(this.certificate.certificate().getEncoded());
			return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
		}
		catch (NoSuchAlgorithmException | CertificateEncodingException ex) {
			throw new IllegalStateException("cannot fingerprint the lab PBS certificate", ex);
		}
	}

	public String certificatePem() {
		return this.certificate.certificatePem();
	}

	/** The datastores' names. */
	public List<String> datastores() {
		synchronized (this.state) {
			return List.copyOf(this.state.stores.keySet());
		}
	}

	public List<SnapshotView> snapshots(String store) {
		synchronized (this.state) {
			PbsState.Store found = this.state.stores.get(store);
			return (found == null) ? List.of()
					: found.snapshots.stream()
						.map(s -> new SnapshotView(store, s.snapshot.vmid(), s.snapshot.time(), s.snapshot.size(),
								s.owner, s.verifyState))
						.toList();
		}
	}

	/** {@code user@realm!name} of every token (never a secret). */
	public List<String> tokenIds() {
		synchronized (this.state) {
			return this.state.users.entrySet()
				.stream()
				.flatMap(user -> user.getValue().tokens.keySet().stream().map(name -> user.getKey() + "!" + name))
				.toList();
		}
	}

	/** ACL entries as {@code path authid role}. */
	public List<String> acl() {
		synchronized (this.state) {
			return this.state.acl.stream().map(e -> e.path() + " " + e.authId() + " " + e.role()).toList();
		}
	}

	public Optional<String> gcSchedule(String store) {
		synchronized (this.state) {
			return Optional.ofNullable(this.state.stores.get(store)).map(s -> s.gcSchedule);
		}
	}

	/**
	 * The datastore as PVE's pbs storage reaches it, signed in as {@code tokenId} with
	 * {@code secret}, checked as PBS checks a backup client.
	 * @throws BackupServers.BackupServerException in PBS's words
	 */
	BackupServers.Datastore connect(String tokenId, String secret, String store) {
		synchronized (this.state) {
			if (!this.state.tokenMatches(tokenId, secret) && !rootPassword(tokenId, secret)) {
				throw new BackupServers.BackupServerException(
						"error fetching datastores - authentication failed - invalid credentials (401)");
			}
			if (!PbsPrivileges.of(this.state.acl, tokenId, "/datastore/" + store).contains(PbsPrivileges.BACKUP)) {
				throw new BackupServers.BackupServerException(
						"error fetching datastores - permission check failed (403)");
			}
			if (!this.state.stores.containsKey(store)) {
				throw new BackupServers.BackupServerException("datastore '" + store + "' does not exist.");
			}
		}
		return new LabDatastore(this, store, tokenId);
	}

	/**
	 * The datastores the API token {@code tokenId} may audit, as a monitoring client (the
	 * exporter) reads them with {@code secret}; empty when PBS refuses it.
	 */
	Optional<Map<String, BackupServers.Datastore>> audit(String tokenId, String secret) {
		Map<String, BackupServers.Datastore> audited = new java.util.TreeMap<>();
		synchronized (this.state) {
			if (!running() || !this.state.tokenMatches(tokenId, secret)) {
				return Optional.empty();
			}
			for (String store : this.state.stores.keySet()) {
				if (PbsPrivileges.of(this.state.acl, tokenId, "/datastore/" + store).contains(PbsPrivileges.AUDIT)) {
					audited.put(store, new LabDatastore(this, store, tokenId));
				}
			}
		}
		return Optional.of(audited);
	}

	private boolean rootPassword(String user, String password) {
		return "root@pam".equals(user) && password != null && this.state.rootPasswordDigest != null
				&& this.state.rootPasswordDigest.equals(PbsState.digest(password));
	}

	PbsState.Task task(String type, String wid, String authId, String latencyOperation, String exitstatus,
			List<String> log) {
		Duration takes = (latencyOperation != null) ? this.settings.latency().of(latencyOperation) : Duration.ZERO;
		return this.tasks.start(this.state, type, wid, authId, takes, exitstatus, log);
	}

	PbsTasks tasks() {
		return this.tasks;
	}

	Instant now() {
		return this.settings.clock().instant();
	}

	PbsSchema schema() {
		return this.settings.schema();
	}

	FaultInjector faults() {
		return this.settings.faults();
	}

	RequestJournal journal() {
		return this.settings.journal();
	}

	Duration timeoutDelay() {
		return this.settings.timeoutDelay();
	}

	long diskBytes() {
		return this.settings.diskBytes();
	}

	Map<String, byte[]> files() {
		return this.files;
	}

}
