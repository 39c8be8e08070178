package org.homelab.rollout.ansible;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real Ansible tools (Debian packages ansible and ansible-lint; .ci/test installs
 * them) run on a copy of {@code deploy/ansible/}, as the GitLab project holds it.
 */
public final class Ansible {

	/** What the engine seeds into the GitLab project {@code homelab/ansible}. */
	public static final Path CONTENT = Path.of("deploy/ansible");

	private Ansible() {
	}

	public record Run(int exitCode, String stdout, String stderr) {

		public String output() {
			return this.stdout + this.stderr;
		}

	}

	/** A copy of the project's content in {@code dir} (a fresh temporary directory). */
	public static Path copy(Path dir) {
		try (Stream<Path> files = Files.walk(CONTENT)) {
			for (Path source : files.toList()) {
				Path target = dir.resolve(CONTENT.relativize(source).toString());
				if (Files.isDirectory(source)) {
					Files.createDirectories(target);
				}
				else {
					Files.copy(source, target);
				}
			}
			return dir;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Runs the command in {@code dir} with only these variables beside PATH and HOME (so
	 * nothing of the build's environment, e.g. a PROXMOX_TOKEN_SECRET, leaks in).
	 */
	public static Run run(Path dir, Map<String, String> environment, String... command) {
		try {
			File out = Files.createTempFile("ansible", ".out").toFile();
			File err = Files.createTempFile("ansible", ".err").toFile();
			ProcessBuilder builder = new ProcessBuilder(List.of(command)).directory(dir.toFile())
				.redirectOutput(out)
				.redirectError(err);
			Map<String, String> env = builder.environment();
			env.keySet().retainAll(List.of("PATH", "HOME", "LANG", "LC_ALL"));
			env.put("ANSIBLE_NOCOLOR", "1");
			env.put("NO_COLOR", "1");
			env.putAll(environment);
			Process process = builder.start();
			boolean done = process.waitFor(180, TimeUnit.SECONDS);
			if (!done) {
				process.destroyForcibly();
			}
			assertThat(done).as("%s finished within 3 minutes", command[0]).isTrue();
			Run run = new Run(process.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
					Files.readString(err.toPath(), StandardCharsets.UTF_8));
			Files.delete(out.toPath());
			Files.delete(err.toPath());
			return run;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
