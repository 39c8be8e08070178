package org.homelab.rollout.vault;

/**
 * What {@code sys/seal-status} says: initialised, sealed, the threshold of shares and the
 * unseal progress.
 */
public record SealState(boolean initialized, boolean sealed, int threshold, int shares, int progress) {

	/** The three situations the setup process distinguishes. */
	public enum Phase {

		UNINITIALIZED, SEALED, UNSEALED

	}

	public Phase phase() {
		if (!this.initialized) {
			return Phase.UNINITIALIZED;
		}
		return this.sealed ? Phase.SEALED : Phase.UNSEALED;
	}

}
