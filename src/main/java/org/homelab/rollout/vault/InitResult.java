package org.homelab.rollout.vault;

import java.util.List;

/**
 * What {@code sys/init} handed out: the shares (base64; OpenPGP messages when
 * {@code encrypted}) and the root token. Kept in memory only; {@link #toString()} shows
 * neither.
 */
public final class InitResult {

	private final List<String> shares;

	private final String rootToken;

	private final boolean encrypted;

	InitResult(List<String> shares, String rootToken, boolean encrypted) {
		this.shares = List.copyOf(shares);
		this.rootToken = rootToken;
		this.encrypted = encrypted;
	}

	public List<String> shares() {
		return this.shares;
	}

	public String rootToken() {
		return this.rootToken;
	}

	/**
	 * Whether the shares are encrypted to their holders' PGP keys, so the engine cannot
	 * unseal with them.
	 */
	public boolean encrypted() {
		return this.encrypted;
	}

	@Override
	public String toString() {
		return "InitResult[" + this.shares.size() + " shares" + (this.encrypted ? ", PGP-encrypted" : "")
				+ ", root token withheld]";
	}

}
