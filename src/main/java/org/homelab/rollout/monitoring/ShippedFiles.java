package org.homelab.rollout.monitoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The files the project ships under {@code deploy/} (rules, dashboards), read as they
 * stand on disk.
 */
final class ShippedFiles {

	/** file-write takes at most 60 KiB per call. */
	static final int MAX_FILE = 61440;

	private ShippedFiles() {
	}

	/**
	 * File name to content, sorted by name; a missing directory or an oversized file is
	 * an operator's error.
	 */
	static Map<String, String> read(Path dir, String suffix, String property) {
		if (!Files.isDirectory(dir)) {
			throw new MonitoringException("No directory " + dir.toAbsolutePath() + " (" + property + "): start the "
					+ "engine where deploy/ is, or point " + property + " at the project's files.");
		}
		Map<String, String> files = new LinkedHashMap<>();
		try (Stream<Path> list = Files.list(dir)) {
			for (Path file : list.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList()) {
				String content = Files.readString(file);
				if (content.length() > MAX_FILE) {
					throw new MonitoringException(file.toAbsolutePath() + " has " + content.length()
							+ " characters; the guest agent writes at most " + MAX_FILE + " per file: split it.");
				}
				files.put(file.getFileName().toString(), content);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + dir.toAbsolutePath(), ex);
		}
		if (files.isEmpty()) {
			throw new MonitoringException("No *" + suffix + " in " + dir.toAbsolutePath() + " (" + property + ")");
		}
		return files;
	}

}
