package org.homelab.rollout.gitlab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The files a project is seeded with: everything under {@code deploy/gitlab/<project>/}
 * (or Phase 3's {@code deploy/gitops/}), by path relative to it with {@code /}
 * separators, as bytes; {@link #render} fills their {@code ${fact}} placeholders.
 */
public final class SeedFiles {

	private SeedFiles() {
	}

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+)}");

	/**
	 * The files with their {@code ${fact}} placeholders (e.g. {@code ${dnsDomain}} in
	 * {@code deploy/gitops/}) filled from {@code facts}, as the Helm values are.
	 * @throws IllegalArgumentException naming the file and placeholder when a fact is
	 * missing: nothing half-rendered reaches a repository
	 */
	public static Map<String, byte[]> render(Map<String, byte[]> files, Map<String, String> facts) {
		Map<String, byte[]> rendered = new TreeMap<>();
		for (Map.Entry<String, byte[]> file : files.entrySet()) {
			String text = new String(file.getValue(), StandardCharsets.UTF_8);
			Matcher matcher = PLACEHOLDER.matcher(text);
			StringBuilder out = new StringBuilder();
			while (matcher.find()) {
				String value = facts.get(matcher.group(1));
				if (value == null || value.isBlank()) {
					throw new IllegalArgumentException("no value for ${" + matcher.group(1) + "} in " + file.getKey()
							+ " (facts: " + String.join(", ", new TreeMap<>(facts).keySet()) + ")");
				}
				matcher.appendReplacement(out, Matcher.quoteReplacement(value));
			}
			matcher.appendTail(out);
			rendered.put(file.getKey(), out.toString().getBytes(StandardCharsets.UTF_8));
		}
		return rendered;
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
