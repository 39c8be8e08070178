package org.homelab.rollout.tools;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command-line tool on the engine's host. Its output is read by a thread of its
 * own while it runs, so a tool writing more than a pipe buffer never blocks on a full
 * pipe; at the timeout the tool and its children are killed. The timeout is capped
 * ({@code rollout.tools.max-timeout}): the caller is usually a job-executor thread.
 */
public final class ToolRunner {

	/** Output kept per run: the end, where tools report what failed. */
	static final int KEPT_OUTPUT = 16_000;

	/** After a kill, how long to wait for the process and its output to end. */
	private static final Duration AFTER_KILL = Duration.ofSeconds(5);

	private final Map<String, Path> configured;

	private final List<Path> searchPath;

	private final Duration maxTimeout;

	public ToolRunner(Map<String, Path> configured, List<Path> searchPath, Duration maxTimeout) {
		this.configured = Map.copyOf(configured);
		this.searchPath = List.copyOf(searchPath);
		this.maxTimeout = maxTimeout;
	}

	/** The directories of a {@code PATH} value. */
	public static List<Path> searchPath(String path) {
		List<Path> dirs = new ArrayList<>();
		if (path != null) {
			for (String dir : path.split(java.io.File.pathSeparator)) {
				if (!dir.isBlank()) {
					dirs.add(Path.of(dir));
				}
			}
		}
		return dirs;
	}

	/** The configured executable of the tool, else the first on the search path. */
	public Path find(String tool) {
		Path configuredPath = this.configured.get(tool);
		if (configuredPath != null) {
			if (!Files.isExecutable(configuredPath)) {
				throw new ToolNotFoundException(tool, "rollout.tools.paths." + tool + " names " + configuredPath
						+ ", which is no executable file: fix the path or install " + tool + " there.");
			}
			return configuredPath;
		}
		return this.searchPath.stream()
			.map(dir -> dir.resolve(tool))
			.filter(Files::isExecutable)
			.findFirst()
			.orElseThrow(() -> new ToolNotFoundException(tool, "No " + tool + " on the engine's PATH " + this.searchPath
					+ ": install it, or set rollout.tools.paths." + tool + " to its executable."));
	}

	/**
	 * Runs {@code tool args…} in {@code workingDir} and waits at most {@code timeout}
	 * (capped at the maximum).
	 * @throws ToolNotFoundException when the tool cannot be found
	 * @throws InterruptedException when the calling thread is interrupted (the tool is
	 * killed first)
	 */
	public ToolResult run(Path workingDir, Duration timeout, String tool, List<String> args)
			throws InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(find(tool).toString());
		command.addAll(args);
		Duration limit = (timeout.compareTo(this.maxTimeout) > 0) ? this.maxTimeout : timeout;
		Process process = start(command, workingDir);
		OutputTail output = new OutputTail(process);
		output.start();
		try {
			if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
				kill(process);
				output.join(AFTER_KILL.toMillis());
				return new ToolResult(-1, output.text() + "\n(" + tool + " killed after " + limit.toMillis()
						+ " ms: it did not finish in time)", true);
			}
			output.join(AFTER_KILL.toMillis());
			return new ToolResult(process.exitValue(), output.text(), false);
		}
		catch (InterruptedException ex) {
			kill(process);
			throw ex;
		}
	}

	private static Process start(List<String> command, Path workingDir) {
		try {
			return new ProcessBuilder(command).directory(workingDir.toFile()).redirectErrorStream(true).start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot start " + command.get(0) + " in " + workingDir, ex);
		}
	}

	/**
	 * The tool and its children (a shell's sleep would hold the pipe open): the children
	 * are listed first, while the tool still parents them, but killed after it, so a
	 * shell never runs on past its killed child (it did: "Killed", then its next
	 * command).
	 */
	private static void kill(Process process) throws InterruptedException {
		List<ProcessHandle> children = process.descendants().toList();
		process.destroyForcibly();
		children.forEach(ProcessHandle::destroyForcibly);
		process.waitFor(AFTER_KILL.toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * Reads the tool's output as it comes, keeping the last {@link #KEPT_OUTPUT}
	 * characters.
	 */
	private static final class OutputTail extends Thread {

		private final Reader reader;

		private final StringBuilder kept = new StringBuilder();

		OutputTail(Process process) {
			super("tool-output-" + process.pid());
			setDaemon(true);
			this.reader = new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8);
		}

		@Override
		public void run() {
			char[] buffer = new char[8192];
			try (Reader in = this.reader) {
				int read;
				while ((read = in.read(buffer)) >= 0) {
					synchronized (this.kept) {
						this.kept.append(buffer, 0, read);
						if (this.kept.length() > 2 * KEPT_OUTPUT) {
							this.kept.delete(0, this.kept.length() - KEPT_OUTPUT);
						}
					}
				}
			}
			catch (IOException ex) {
				// the pipe closed under us (killed): what was read so far is the output
			}
		}

		String text() {
			synchronized (this.kept) {
				int from = Math.max(0, this.kept.length() - KEPT_OUTPUT);
				return ((from > 0) ? "…" : "") + this.kept.substring(from);
			}
		}

	}

}
