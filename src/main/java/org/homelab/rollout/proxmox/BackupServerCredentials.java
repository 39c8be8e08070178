package org.homelab.rollout.proxmox;

import java.util.Arrays;
import java.util.Objects;

/**
 * The Proxmox Backup Server API token a pbs storage logs in with: its id
 * ({@code user@realm!name}, PVE's {@code username}) and secret (PVE's {@code password}).
 * The secret goes only into the storage create call: {@link #toString()} hides it, so it
 * cannot reach a log, a variable or an exception message; there is no public getter.
 */
public final class BackupServerCredentials {

	private final String tokenId;

	private final char[] secret;

	private BackupServerCredentials(String tokenId, char[] secret) {
		this.tokenId = Objects.requireNonNull(tokenId, "tokenId");
		if (!tokenId.matches("[^\\s!@]+@[^\\s!@]+![^\\s!@]+")) {
			throw new IllegalArgumentException(
					"a Proxmox Backup Server API token id looks like user@realm!name, not '" + tokenId + "'");
		}
		if (secret == null || secret.length == 0) {
			throw new IllegalArgumentException("no secret for the Proxmox Backup Server API token " + tokenId);
		}
		this.secret = secret.clone();
	}

	/** Copies the secret: the caller may wipe its array afterwards. */
	public static BackupServerCredentials of(String tokenId, char[] secret) {
		return new BackupServerCredentials(tokenId, secret);
	}

	/** {@code user@realm!name}. */
	public String tokenId() {
		return this.tokenId;
	}

	/** The secret, for the form of the create call only. */
	String secret() {
		return new String(this.secret);
	}

	/** Overwrites the secret once the storage holds it. */
	public void wipe() {
		Arrays.fill(this.secret, '\0');
	}

	@Override
	public String toString() {
		return "BackupServerCredentials[" + this.tokenId + ", secret hidden]";
	}

}
