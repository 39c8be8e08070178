package org.homelab.rollout.monitoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The engine's Grafana Viewer token, in a 0600 file of its state directory (never a
 * process variable): made by grafana-admin-to-vault, read by the "Grafana operational"
 * criterion.
 */
public final class GrafanaViewerToken {

	/** The Viewer service account the token belongs to. */
	public static final String ACCOUNT = "homelab-rollout";

	private final Path file;

	public GrafanaViewerToken(Path file) {
		this.file = file;
	}

	public Path file() {
		return this.file;
	}

	public Optional<String> read() {
		if (!Files.isReadable(this.file)) {
			return Optional.empty();
		}
		try {
			String token = Files.readString(this.file).strip();
			return token.isEmpty() ? Optional.empty() : Optional.of(token);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the Grafana viewer token " + this.file, ex);
		}
	}

	/** Replaces the file, created 0600 before the token is written into it. */
	public void store(String token) {
		try {
			Files.createDirectories(this.file.getParent());
			Files.deleteIfExists(this.file);
			Files.createFile(this.file,
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			Files.writeString(this.file, token, StandardOpenOption.TRUNCATE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot store the Grafana viewer token in " + this.file, ex);
		}
	}

}
