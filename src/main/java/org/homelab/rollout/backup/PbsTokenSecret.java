package org.homelab.rollout.backup;

import java.util.Objects;

/**
 * The secret of a PBS API token, as {@code POST /access/users/{userid}/token/{name}}
 * answers it once and never again. It goes straight to a sink (the Vault write) and is
 * held nowhere else: {@link #toString()} names the token but hides the secret, so it
 * cannot slip into a log, a process variable or an exception message; only
 * {@link #reveal()} gives it.
 */
public final class PbsTokenSecret {

	private final String tokenId;

	private final String value;

	PbsTokenSecret(String tokenId, String value) {
		this.tokenId = Objects.requireNonNull(tokenId, "tokenId");
		if (value == null || value.isEmpty()) {
			throw new IllegalArgumentException("Proxmox Backup Server answered no secret for the API token " + tokenId);
		}
		this.value = value;
	}

	/** {@code user@realm!name}. */
	public String tokenId() {
		return this.tokenId;
	}

	/** The secret itself: for the Vault write, nothing else. */
	public String reveal() {
		return this.value;
	}

	@Override
	public String toString() {
		return "PbsTokenSecret[" + this.tokenId + ", secret hidden]";
	}

}
