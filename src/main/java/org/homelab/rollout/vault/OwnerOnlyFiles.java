package org.homelab.rollout.vault;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Files only the engine's OS user may read (0600, in a 0700 directory), written whole or
 * not at all, and on disk when {@link #write} returns: a temporary file is written and
 * forced, renamed over the target, and the directory forced, so a crash (or power loss)
 * right after leaves the old content or the new, never a torn or missing file.
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
				try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
					ByteBuffer buffer = ByteBuffer.wrap(content);
					while (buffer.hasRemaining()) {
						channel.write(buffer);
					}
					channel.force(true);
				}
				Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
				force(dir);
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

	/** Deletes the file if it is there; the deletion is on disk when this returns. */
	static void delete(Path file) {
		try {
			if (Files.deleteIfExists(file)) {
				force(file.toAbsolutePath().getParent());
			}
		}
		catch (IOException ex) {
			throw new VaultSetupException("Cannot delete " + file + " (" + ex.getClass().getSimpleName() + ": "
					+ ex.getMessage() + "). Delete it by hand (it is in rollout.vault.state-dir) and retry.", ex);
		}
	}

	/** A rename or deletion lasts only once its directory's entry is on disk. */
	private static void force(Path dir) throws IOException {
		try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
			channel.force(true);
		}
	}

}
