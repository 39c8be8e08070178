package org.homelab.rollout.crash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One engine process (the application's main class on the build's classpath, no embedded
 * lab) against a {@link LabProcess}: started, awaited until ready, killed with SIGKILL
 * and started again on the same database, as a crashing host would. Each start appends to
 * the node's log file.
 */
final class EngineNode implements AutoCloseable {

	private static final Path PROJECT = Path.of("").toAbsolutePath();

	private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

	private final String nodeId;

	private final Path workDir;

	private final List<String> arguments;

	private final int port;

	private Process process;

	private int starts;

	/**
	 * {@code database} are the datasource arguments; {@code sharedDir} holds what the
	 * nodes of one cluster share besides the database (Vault's engine token and shares
	 * file).
	 */
	EngineNode(String nodeId, Path workDir, LabProcess lab, List<String> database, Path sharedDir) {
		this.nodeId = nodeId;
		this.workDir = workDir;
		this.port = freePort();
		this.arguments = new ArrayList<>(List.of("--rehearsal.embedded=false",
				"--spring.config.import=file:" + lab.endpoints(), "--server.port=" + this.port,
				"--rollout.engine.node-id=" + nodeId, "--rollout.vault.state-dir=" + sharedDir.resolve("vault"),
				"--rollout.monitoring.state-dir=" + sharedDir.resolve("monitoring"), "--spring.main.banner-mode=off",
				// the shipped files (Helm values, Prometheus and Grafana configuration)
				// where the build stands
				"--rollout.kubernetes.values-dir=" + PROJECT.resolve("deploy/helm-values"),
				"--rollout.monitoring.prometheus-dir=" + PROJECT.resolve("deploy/prometheus"),
				"--rollout.monitoring.grafana-dir=" + PROJECT.resolve("deploy/grafana")));
		this.arguments.addAll(database);
	}

	String nodeId() {
		return this.nodeId;
	}

	EngineRest rest() {
		return new EngineRest("http://127.0.0.1:" + this.port);
	}

	Path log() {
		return this.workDir.resolve("engine-" + this.nodeId + ".log");
	}

	/**
	 * Starts the JVM and answers the instant it was ready (readiness probe answered 200).
	 */
	Instant start() throws IOException, InterruptedException {
		Files.createDirectories(this.workDir);
		List<String> command = new ArrayList<>(List.of(LabProcess.java(), "-cp", LabProcess.classpath(),
				"-XX:+UseSerialGC", "-Xmx320m", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
				"-Dcontracts.dir=" + LabProcess.contractsDir(), "org.homelab.rollout.RolloutApplication"));
		command.addAll(this.arguments);
		this.starts++;
		Files.writeString(this.log(), "\n==== start " + this.starts + " of node " + this.nodeId + "\n",
				java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
		this.process = new ProcessBuilder(command).directory(this.workDir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(this.log().toFile()))
			.start();
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		URI readiness = URI.create("http://127.0.0.1:" + this.port + "/actuator/health/readiness");
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("engine node " + this.nodeId + " exited with "
						+ this.process.exitValue() + " while starting; see " + this.log());
			}
			try {
				if (http
					.send(HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(2)).build(),
							BodyHandlers.discarding())
					.statusCode() == 200) {
					return Instant.now();
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(50);
		}
		throw new IllegalStateException(
				"engine node " + this.nodeId + " not ready within " + START_TIMEOUT + "; see " + this.log());
	}

	/**
	 * SIGKILL to the engine's JVM itself (it is the direct child, no shell between): no
	 * shutdown hook, no transaction finishes, its locks stay in the database.
	 */
	Instant kill() throws InterruptedException {
		Instant at = Instant.now();
		this.process.destroyForcibly();
		if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
			throw new IllegalStateException("engine node " + this.nodeId + " survived SIGKILL");
		}
		return at;
	}

	boolean alive() {
		return this.process != null && this.process.isAlive();
	}

	String logText() {
		try {
			return Files.exists(log()) ? Files.readString(log()) : "";
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() throws InterruptedException {
		if (alive()) {
			this.process.destroy();
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor();
			}
		}
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
