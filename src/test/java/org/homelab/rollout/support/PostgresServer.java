package org.homelab.rollout.support;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL server from the Debian binaries (.ci/run installs them): its
 * own data directory and port on loopback, trust authentication. initdb refuses to run as
 * root, so as root it runs as the {@code postgres} user. Missing binaries skip the test
 * on a developer's machine and fail it in CI ({@link Tool#require}).
 */
public final class PostgresServer implements AutoCloseable {

	private final Path binaries;

	private final Path dataDir;

	private final int port;

	private PostgresServer(Path binaries, Path dataDir, int port) {
		this.binaries = binaries;
		this.dataDir = dataDir;
		this.port = port;
	}

	public static PostgresServer start() throws IOException, InterruptedException {
		Tool.POSTGRESQL.require("the engine on PostgreSQL is");
		Optional<Path> binaries = Tool.postgresBinaries();
		Path dataDir = Files.createTempDirectory("rollout-pg");
		int port = freePort();
		PostgresServer server = new PostgresServer(binaries.get(), dataDir, port);
		server.run("chown", "-R", "postgres", dataDir.toString());
		server.runAsPostgres("initdb", "-D", dataDir.resolve("data").toString(), "-A", "trust", "-U", "rollout");
		server.runAsPostgres("pg_ctl", "-D", dataDir.resolve("data").toString(), "-w", "-l",
				dataDir.resolve("log").toString(), "-o",
				"-p " + port + " -k " + dataDir + " -c listen_addresses=127.0.0.1", "start");
		server.runAsPostgres("createdb", "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", "rollout", "rollout");
		return server;
	}

	public String jdbcUrl() {
		return "jdbc:postgresql://127.0.0.1:" + this.port + "/rollout";
	}

	public String user() {
		return "rollout";
	}

	@Override
	public void close() throws IOException, InterruptedException {
		runAsPostgres("pg_ctl", "-D", this.dataDir.resolve("data").toString(), "-m", "fast", "-w", "stop");
		try (Stream<Path> files = Files.walk(this.dataDir)) {
			files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
		}
	}

	public void closeQuietly() {
		try {
			close();
		}
		catch (IOException | InterruptedException | IllegalStateException ex) {
			// the JVM is ending; a server left behind dies with its temp directory
		}
	}

	private void runAsPostgres(String tool, String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		if (isRoot()) {
			command.addAll(List.of("runuser", "-u", "postgres", "--"));
		}
		command.add(this.binaries.resolve(tool).toString());
		command.addAll(List.of(args));
		run(command.toArray(String[]::new));
	}

	private void run(String... command) throws IOException, InterruptedException {
		if ("chown".equals(command[0]) && !isRoot()) {
			return;
		}
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
		}
	}

	private static boolean isRoot() {
		return "root".equals(System.getProperty("user.name"));
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
