package org.homelab.rollout.gitlab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The files a project is seeded with: everything under {@code deploy/gitlab/<project>/},
 * by path relative to it with {@code /} separators, as bytes.
 */
public final class SeedFiles {

	private SeedFiles() {
	}

	public static Map<String, byte[]> read(Path dir) {
		if (!Files.isDirectory(dir)) {
			throw new IllegalArgumentException("no seed directory " + dir + " (deploy/gitlab/<project>/)");
		}
		Map<String, byte[]> files = new TreeMap<>();
		try (Stream<Path> walk = Files.walk(dir)) {
			for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
				String relative = dir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
				files.put(relative, Files.readAllBytes(file));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the seed files in " + dir, ex);
		}
		return files;
	}

}
