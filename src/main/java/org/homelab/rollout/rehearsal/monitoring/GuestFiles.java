package org.homelab.rollout.rehearsal.monitoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A directory of a VM's file store copied to the host, so a real program reads what the
 * engine wrote there.
 */
final class GuestFiles {

	private GuestFiles() {
	}

	/** The files under {@code dir} (mkdir markers left out), by path relative to it. */
	static Map<String, byte[]> under(Map<String, byte[]> files, String dir) {
		Map<String, byte[]> found = new TreeMap<>();
		files.forEach((path, content) -> {
			if (path.startsWith(dir + "/") && !path.endsWith("/.dir")) {
				found.put(path.substring(dir.length() + 1), content);
			}
		});
		return found;
	}

	/** Replaces {@code target}'s content with the files. */
	static void copy(Map<String, byte[]> files, Path dir) {
		Path target = dir.toAbsolutePath().normalize();
		try {
			delete(target);
			for (Map.Entry<String, byte[]> file : files.entrySet()) {
				Path path = target.resolve(file.getKey()).normalize();
				if (!path.startsWith(target)) {
					continue; // a name climbing out of the directory is no file of it
				}
				Files.createDirectories(path.getParent());
				Files.write(path, file.getValue());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot copy guest files to " + target, ex);
		}
	}

	/**
	 * Brings {@code target} in line with the files in place, as a package's files change
	 * under a running program: removed files go, changed ones are replaced whole (a
	 * program reading meanwhile sees the old or the new file, never half of one), the
	 * directories stay (a program watching them keeps its watches).
	 */
	static void sync(Map<String, byte[]> files, Path dir) {
		Path target = dir.toAbsolutePath().normalize();
		try {
			Files.createDirectories(target);
			try (Stream<Path> walk = Files.walk(target)) {
				for (Path path : walk.filter(Files::isRegularFile).toList()) {
					if (!files.containsKey(target.relativize(path).toString().replace('\\', '/'))) {
						Files.delete(path);
					}
				}
			}
			for (Map.Entry<String, byte[]> file : files.entrySet()) {
				Path path = target.resolve(file.getKey()).normalize();
				if (!path.startsWith(target)
						|| (Files.isRegularFile(path) && Arrays.equals(Files.readAllBytes(path), file.getValue()))) {
					continue;
				}
				Files.createDirectories(path.getParent());
				Path next = path.resolveSibling("." + path.getFileName() + ".next");
				Files.write(next, file.getValue());
				Files.move(next, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot bring guest files to " + target, ex);
		}
	}

	static String digest(Map<String, byte[]> files) {
		try {
			MessageDigest sha = MessageDigest.getInstance("SHA-256");
			files.forEach((path, content) -> {
				sha.update(path.getBytes(java.nio.charset.StandardCharsets.UTF_8));
				sha.update(content);
			});
			return HexFormat.of().formatHex(sha.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static void delete(Path dir) throws IOException {
		if (!Files.exists(dir)) {
			return;
		}
		try (Stream<Path> walk = Files.walk(dir)) {
			for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

}
