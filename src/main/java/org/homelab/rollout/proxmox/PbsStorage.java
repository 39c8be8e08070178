package org.homelab.rollout.proxmox;

import java.util.Objects;

/**
 * A storage entry of type pbs: PVE stores its backups on a Proxmox Backup Server
 * datastore, pinning the server's certificate by its SHA-256 fingerprint (colon-separated
 * hex, as PBS shows it). Content is backup only; retention is left to PBS's prune jobs.
 *
 * @param storage PVE's storage id, e.g. {@code pbs-homelab}
 * @param server the PBS host name or address
 * @param port its API port, null for PBS's 8007
 * @param datastore the datastore on that server
 * @param fingerprint the server certificate's SHA-256 fingerprint (required: never
 * trust-on-first-use)
 * @param credentials the API token PVE logs in with
 * @param namespace a datastore namespace, or null for the root
 * @see <a href="https://pve.proxmox.com/pve-docs/api-viewer/#/storage">POST /storage</a>
 */
public record PbsStorage(String storage, String server, Integer port, String datastore, String fingerprint,
		BackupServerCredentials credentials, String namespace) {

	private static final String FINGERPRINT = "([A-Fa-f0-9]{2}:){31}[A-Fa-f0-9]{2}";

	public PbsStorage {
		Objects.requireNonNull(storage, "storage");
		Objects.requireNonNull(server, "server");
		Objects.requireNonNull(datastore, "datastore");
		Objects.requireNonNull(credentials, "credentials");
		if (!storage.matches("(?i)[a-z][a-z0-9\\-_.]*[a-z0-9]")) {
			throw new IllegalArgumentException("'" + storage + "' is no valid Proxmox VE storage id");
		}
		if (fingerprint == null || !fingerprint.matches(FINGERPRINT)) {
			throw new IllegalArgumentException("the pbs storage " + storage
					+ " needs the backup server's SHA-256 certificate fingerprint (32 colon-separated hex bytes), not "
					+ fingerprint);
		}
	}

	public static PbsStorage of(String storage, String server, String datastore, String fingerprint,
			BackupServerCredentials credentials) {
		return new PbsStorage(storage, server, null, datastore, fingerprint, credentials, null);
	}

	public PbsStorage withPort(int port) {
		return new PbsStorage(this.storage, this.server, port, this.datastore, this.fingerprint, this.credentials,
				this.namespace);
	}

	public PbsStorage withNamespace(String namespace) {
		return new PbsStorage(this.storage, this.server, this.port, this.datastore, this.fingerprint, this.credentials,
				namespace);
	}

}
