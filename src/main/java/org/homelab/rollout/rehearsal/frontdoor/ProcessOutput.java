package org.homelab.rollout.rehearsal.frontdoor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A finished program's exit code and combined output. */
record ProcessOutput(int exitCode, String text) {

	static ProcessOutput run(List<String> command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			return new ProcessOutput(process.waitFor(), text);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot run " + command.get(0), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted running " + command.get(0), ex);
		}
	}

}
