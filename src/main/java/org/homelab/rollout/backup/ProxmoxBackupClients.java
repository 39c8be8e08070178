package org.homelab.rollout.backup;

import okhttp3.OkHttpClient;

/** Where a caller gets a client for one Proxmox Backup Server. */
public final class ProxmoxBackupClients {

	/**
	 * Immediate repeats of a safe-to-repeat transient fault, before the caller's retry.
	 */
	public static final int DEFAULT_RETRIES = 2;

	private ProxmoxBackupClients() {
	}

	/**
	 * A client for the server at {@code endpoint}, derived from the shared OkHttp client
	 * (its timeouts apply), signing in as {@code credentials} say.
	 */
	public static ProxmoxBackupOperations create(OkHttpClient shared, PbsEndpoint endpoint,
			PbsCredentials credentials) {
		return ProxmoxBackupTemplate.create(shared, endpoint, credentials, DEFAULT_RETRIES);
	}

}
