package org.homelab.rollout.vault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Files only the engine's OS user may read (0600, in a 0700 directory), written whole or
 * not at all.
 */
final class OwnerOnlyFiles {

	private OwnerOnlyFiles() {
	}

	static void write(Path file, byte[] content) {
		Path dir = file.toAbsolutePath().getParent();
		try {
			if (!Files.isDirectory(dir)) {
				Files.createDirectories(dir,
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
			}
			Path partial = Files.createTempFile(dir, ".partial-", "",
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			try {
				Files.write(partial, content);
				Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			}
			finally {
				Files.deleteIfExists(partial);
			}
		}
		catch (IOException ex) {
			throw new VaultSetupException("Cannot write " + file + " (" + ex.getClass().getSimpleName() + ": "
					+ ex.getMessage() + "). Check that the engine's OS user may write " + dir
					+ " (rollout.vault.state-dir / shares-dir).", ex);
		}
	}

}
