package org.homelab.rollout.proxmox.steps;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The service checks restore-test runs in a restored copy: one POSIX sh script per
 * service class under {@code rollout.proxmox.steps.restore-checks-dir}
 * (deploy/backup/restore-checks). A check exits 0 only when what the service needs was in
 * the backup; its stderr says what is missing.
 */
final class RestoreChecks {

	private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

	private final Path dir;

	RestoreChecks(Path dir) {
		this.dir = dir;
	}

	/**
	 * The script's text; a name without a file is the model's or the deployment's bug.
	 */
	String script(String name) {
		if (name == null || !NAME.matcher(name).matches()) {
			throw new IllegalArgumentException("restore-test needs restoreCheck as the name of a script in " + this.dir
					+ " without .sh (e.g. vault), got '" + name + "'");
		}
		Path file = this.dir.resolve(name + ".sh");
		try {
			return Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException("restore check '" + name + "' cannot be read from " + file.toAbsolutePath()
					+ " (rollout.proxmox.steps.restore-checks-dir): " + ex.getMessage(), ex);
		}
	}

}
