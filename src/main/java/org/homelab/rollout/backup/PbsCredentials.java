package org.homelab.rollout.backup;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * How the client signs in: an API token ({@code user@realm!name} and its secret) or a
 * user's password for a ticket (what exists right after install: {@code root@pam}). The
 * secret is asked of {@code secret} on first use (e.g. a Vault read) and kept by nobody
 * else; {@link #toString()} never shows it.
 */
public final class PbsCredentials {

	private final String authId;

	private final boolean token;

	private final Supplier<String> secret;

	private PbsCredentials(String authId, boolean token, Supplier<String> secret) {
		this.authId = Objects.requireNonNull(authId, "authId");
		this.token = token;
		this.secret = Objects.requireNonNull(secret, "secret");
	}

	/** {@code Authorization: PBSAPIToken=<tokenId>:<secret>} on every call. */
	public static PbsCredentials token(String tokenId, Supplier<String> secret) {
		if (!tokenId.contains("!")) {
			throw new IllegalArgumentException("a PBS token id reads user@realm!name, was " + tokenId);
		}
		return new PbsCredentials(tokenId, true, secret);
	}

	/**
	 * {@code POST /access/ticket} once, then the {@code PBSAuthCookie} and, on writes,
	 * the {@code CSRFPreventionToken} header.
	 */
	public static PbsCredentials password(String userid, Supplier<String> password) {
		return new PbsCredentials(userid, false, password);
	}

	/** {@code user@realm} or {@code user@realm!name}. */
	public String authId() {
		return this.authId;
	}

	public boolean isToken() {
		return this.token;
	}

	String secret() {
		String value = this.secret.get();
		if (value == null || value.isBlank()) {
			throw new PbsException("authenticate",
					"No secret for " + this.authId
							+ " to sign in to Proxmox Backup Server: check the Vault path it is read from.",
					false, null);
		}
		return value.strip();
	}

	@Override
	public String toString() {
		return "PbsCredentials[" + this.authId + ", " + (this.token ? "token" : "password") + " hidden]";
	}

}
