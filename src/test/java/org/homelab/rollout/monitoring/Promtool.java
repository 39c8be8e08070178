package org.homelab.rollout.monitoring;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.homelab.rollout.support.Tool;

import static org.assertj.core.api.Assertions.assertThat;

/** The real promtool (Debian package prometheus; CI installs it). Tests skip, saying so, only where it is absent. */
final class Promtool {

	static final Path BINARY = Path.of("/usr/bin/promtool");

	private Promtool() {
	}

	static void assumeInstalled() {
		Tool.PROMTOOL.require("the generated configuration and rules are");
	}

	record Result(int exitCode, String output) {
	}

	static Result run(Path workingDir, String... args) throws Exception {
		List<String> command = new ArrayList<>(List.of(BINARY.toString()));
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).directory(workingDir.toFile()).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		return new Result(process.exitValue(), output);
	}

}
