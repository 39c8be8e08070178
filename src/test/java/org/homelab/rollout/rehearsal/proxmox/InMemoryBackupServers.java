package org.homelab.rollout.rehearsal.proxmox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One Proxmox Backup Server in memory, for tests of PVE's pbs storage without the PBS
 * lab: an address, a certificate fingerprint, API tokens and datastores. It refuses a
 * connection as the PBS client does (wrong address, unverified fingerprint, bad token, no
 * such datastore).
 */
public final class InMemoryBackupServers implements BackupServers {

	/** A fingerprint no test certificate has. */
	public static final String OTHER_FINGERPRINT = String.join(":", java.util.Collections.nCopies(32, "AB"));

	private final String server;

	private final int port;

	private final String fingerprint;

	private final Map<String, String> tokens = new HashMap<>();

	private final Map<String, Store> datastores = new HashMap<>();

	private boolean reachable = true;

	public InMemoryBackupServers(String server, int port, String fingerprint) {
		this.server = server;
		this.port = port;
		this.fingerprint = fingerprint;
	}

	public synchronized InMemoryBackupServers token(String tokenId, String secret) {
		this.tokens.put(tokenId, secret);
		return this;
	}

	public synchronized InMemoryBackupServers datastore(String name) {
		this.datastores.putIfAbsent(name, new Store(name));
		return this;
	}

	/** The datastore as PVE would reach it, for assertions. */
	public synchronized Store store(String name) {
		return this.datastores.get(name);
	}

	/** Whether the server answers at all (false: as if it were powered off). */
	public synchronized void reachable(boolean reachable) {
		this.reachable = reachable;
	}

	/** Forgets every snapshot. */
	public synchronized void clear() {
		this.datastores.values().forEach(store -> {
			synchronized (store) {
				store.snapshots.clear();
				store.failNext = null;
			}
		});
	}

	@Override
	public synchronized Datastore connect(String server, int port, String fingerprint, String username, String password,
			String datastore) {
		if (!this.reachable || !this.server.equals(server) || this.port != port) {
			throw new BackupServerException(
					"error fetching datastores - connection refused (" + server + ":" + port + ")");
		}
		if (fingerprint == null) {
			throw new BackupServerException("error fetching datastores - error trying to connect: error:0A000086:"
					+ "SSL routines:tls_post_process_server_certificate:certificate verify failed");
		}
		if (!fingerprint.equalsIgnoreCase(this.fingerprint)) {
			throw new BackupServerException(
					"error fetching datastores - fingerprint '" + fingerprint + "' not verified, abort!");
		}
		String secret = this.tokens.get(username);
		if (secret == null || !secret.equals(password)) {
			throw new BackupServerException("error fetching datastores - authentication failed - invalid token");
		}
		Store store = this.datastores.get(datastore);
		if (store == null) {
			throw new BackupServerException(
					"Cannot find datastore '" + datastore + "', check permissions and existence!");
		}
		return store;
	}

	/** One datastore: snapshots by guest and time. */
	public static final class Store implements Datastore {

		private final String name;

		private final Map<Integer, TreeMap<Instant, Snapshot>> snapshots = new TreeMap<>();

		private String failNext;

		Store(String name) {
			this.name = name;
		}

		/** The next store fails with PBS's words, e.g. the datastore is full. */
		public synchronized void failNext(String message) {
			this.failNext = message;
		}

		@Override
		public synchronized Snapshot store(int vmid, Map<String, String> config, Map<String, byte[]> files,
				Instant time) {
			if (this.failNext != null) {
				String message = this.failNext;
				this.failNext = null;
				throw new BackupServerException(message);
			}
			TreeMap<Instant, Snapshot> group = this.snapshots.computeIfAbsent(vmid, id -> new TreeMap<>());
			if (group.containsKey(time)) {
				throw new BackupServerException("backup snapshot \"vm/" + vmid + "/" + time + "\" already exists");
			}
			long size = files.values().stream().mapToLong(content -> content.length).sum() + 4096;
			Snapshot snapshot = new Snapshot(vmid, time, config, files, size, null);
			group.put(time, snapshot);
			return snapshot;
		}

		@Override
		public synchronized List<Snapshot> snapshots(int vmid) {
			return List.copyOf(this.snapshots.getOrDefault(vmid, new TreeMap<>()).values());
		}

		@Override
		public synchronized List<Snapshot> snapshots() {
			List<Snapshot> all = new ArrayList<>();
			this.snapshots.values().forEach(group -> all.addAll(group.values()));
			all.sort(Comparator.comparing(Snapshot::vmid).thenComparing(Snapshot::time));
			return all;
		}

		@Override
		public synchronized Optional<Snapshot> snapshot(int vmid, Instant time) {
			return Optional.ofNullable(this.snapshots.getOrDefault(vmid, new TreeMap<>()).get(time));
		}

		@Override
		public synchronized long used() {
			return snapshots().stream().mapToLong(Snapshot::size).sum();
		}

		@Override
		public long total() {
			return 500L * 1024 * 1024 * 1024;
		}

		@Override
		public String toString() {
			return "datastore " + this.name;
		}

	}

}
