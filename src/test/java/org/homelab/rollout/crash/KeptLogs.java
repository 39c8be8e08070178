package org.homelab.rollout.crash;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Copies the crash logs (each engine node's, the lab's) to {@code target/crash-logs/}
 * when a crash test ends, passed or failed, since the test's own directory goes with it.
 */
final class KeptLogs implements AutoCloseable {

	private final String name;

	private final List<Path> logs;

	private final LabProcess lab;

	KeptLogs(String name, Path... logs) {
		this(name, null, logs);
	}

	/** Keeps the lab's journal too ({@code lab-journal.txt}), read from it at the end. */
	KeptLogs(String name, LabProcess lab, Path... logs) {
		this.name = name;
		this.lab = lab;
		this.logs = List.of(logs);
	}

	@Override
	public void close() throws IOException {
		Path kept = Files.createDirectories(Path.of("target", "crash-logs"));
		if (this.lab != null) {
			Path journal = this.lab.saveJournal();
			if (Files.exists(journal)) {
				Files.copy(journal, kept.resolve(this.name + "-" + journal.getFileName()),
						StandardCopyOption.REPLACE_EXISTING);
			}
		}
		for (Path log : this.logs) {
			if (Files.exists(log)) {
				Files.copy(log, kept.resolve(this.name + "-" + log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
			}
		}
	}

}
