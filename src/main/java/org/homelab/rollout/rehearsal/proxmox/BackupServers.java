package org.homelab.rollout.rehearsal.proxmox;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The lab's Proxmox Backup Servers as the simulated PVE reaches them through a storage of
 * type {@code pbs}: vzdump stores a guest's backup there, storage content lists the
 * snapshots and qmrestore reads one back. The PVE side only knows this seam; the PBS
 * simulation implements it, so either can be tested alone.
 */
public interface BackupServers {

	/**
	 * The datastore a storage entry names, reached as PVE's pbs plugin does: the server's
	 * address and port, its certificate's SHA-256 fingerprint (colon-separated hex, as
	 * the storage entry's {@code fingerprint}), an API token id ({@code user@realm!name})
	 * and its secret.
	 * @throws BackupServerException with PBS's own words when it cannot (connection
	 * refused, fingerprint mismatch, authentication failure, no such datastore)
	 */
	Datastore connect(String server, int port, String fingerprint, String username, String password, String datastore);

	/** No backup server anywhere: every connection is refused. */
	static BackupServers none() {
		return (server, port, fingerprint, username, password, datastore) -> {
			throw new BackupServerException(
					"error fetching datastores - connection refused (" + server + ":" + port + ")");
		};
	}

	/** One datastore on one server. */
	interface Datastore {

		/**
		 * Stores a guest's backup as the snapshot {@code vm/<vmid>/<time>}: its config
		 * and its files as they are now.
		 * @throws BackupServerException as PBS fails a backup (e.g. datastore full)
		 */
		Snapshot store(int vmid, Map<String, String> config, Map<String, byte[]> files, Instant time);

		/** The snapshots of a guest, oldest first. */
		List<Snapshot> snapshots(int vmid);

		/** All snapshots, by guest then time. */
		List<Snapshot> snapshots();

		Optional<Snapshot> snapshot(int vmid, Instant time);

		/** Bytes the datastore holds and can hold. */
		long used();

		long total();

	}

	/**
	 * One backup snapshot ({@code vm/<vmid>/<time>}): what the guest had when it was
	 * taken; {@code verifyState} "ok", "failed" or null before a verify job looked at it.
	 */
	record Snapshot(int vmid, Instant time, Map<String, String> config, Map<String, byte[]> files, long size,
			String verifyState) {

		public Snapshot {
			config = Map.copyOf(config);
			files = Map.copyOf(files);
		}

		/** Its name in PBS ({@code vm/101/2026-12-07T03:00:00Z}). */
		public String name() {
			return "vm/" + this.vmid + "/" + this.time;
		}

	}

	/** A failure in PBS's words, which PVE puts into its task log or error. */
	class BackupServerException extends RuntimeException {

		public BackupServerException(String message) {
			super(message);
		}

	}

}
