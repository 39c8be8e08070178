package org.homelab.rollout.proxmox;

import java.util.Objects;

/**
 * The secret of a Proxmox VE API token, as {@code POST /access/users/{userid}/token/...}
 * answers it once and never again. Meant to go straight into Vault: {@link #toString()}
 * names the token but hides the secret, so it cannot slip into a log, a process variable
 * or an exception message by accident; only {@link #reveal()} gives it.
 */
public final class ApiTokenSecret {

	private final String fullTokenId;

	private final String value;

	ApiTokenSecret(String fullTokenId, String value) {
		this.fullTokenId = Objects.requireNonNull(fullTokenId, "fullTokenId");
		if (value == null || value.isEmpty()) {
			throw new IllegalArgumentException("Proxmox VE answered no secret for the API token " + fullTokenId);
		}
		this.value = value;
	}

	/** {@code user@realm!tokenid}. */
	public String fullTokenId() {
		return this.fullTokenId;
	}

	/** The secret itself: for the Vault write, nothing else. */
	public String reveal() {
		return this.value;
	}

	@Override
	public String toString() {
		return "ApiTokenSecret[" + this.fullTokenId + ", secret hidden]";
	}

}
