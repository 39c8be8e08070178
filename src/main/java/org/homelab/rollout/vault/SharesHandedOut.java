package org.homelab.rollout.vault;

import java.nio.file.Path;
import java.util.List;

/**
 * Where the unseal shares went: one PGP-encrypted file per holder ({@code encrypted}), or
 * a single file readable only by the engine's user that an operator must move offline.
 * Paths only, safe to keep in a process.
 */
public record SharesHandedOut(boolean encrypted, List<Path> files) {

	/** The plain shares file to be moved offline, when the shares are not encrypted. */
	public Path plainFile() {
		return this.encrypted ? null : this.files.get(0);
	}

}
