package org.homelab.rollout.crash;

import java.io.File;
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
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * One engine process (the application's main class on the build's classpath, no embedded
 * lab) against a {@link LabProcess}: started, awaited until ready, killed with SIGKILL
 * and started again on the same database, as a crashing host would. Each start appends to
 * the node's log file.
 */
final class EngineNode implements AutoCloseable {

	private static final Path PROJECT = Path.of("").toAbsolutePath();

	private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

	private static final String MAIN = "org.homelab.rollout.RolloutApplication";

	/**
	 * The JVM options as shipped (deploy/jvm.options: serial GC, a small heap, C1 alone).
	 */
	private static final List<String> JVM = List.of("@" + PROJECT.resolve("deploy/jvm.options"), "-XX:-UsePerfData");

	private static final Path CDS = PROJECT.resolve("target/crash-cds");

	/** The java command up to the main class, made once per test JVM. */
	private static List<String> launch;

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
				"--rollout.monitoring.grafana-dir=" + PROJECT.resolve("deploy/grafana"),
				"--inventory.frontdoor.templates=" + PROJECT.resolve("deploy/nginx"),
				"--rollout.frontdoor.authelia-schema="
						+ PROJECT.resolve("../shared/contracts/authelia-configuration-schema.json").normalize()));
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
		List<String> command = new ArrayList<>(launch(this.arguments));
		command.add(MAIN);
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
	 * The java command up to the main class. A crash test starts an engine a dozen times:
	 * each start maps the classes from a class data sharing archive (docs/startup.md)
	 * instead of loading and verifying them. The archive is made once per test JVM by a
	 * training run that stops once the context is refreshed, on an in-memory database;
	 * CDS maps no class from a directory, so the build's classes go in as a jar. Should
	 * any of it fail, the nodes start without the archive.
	 */
	private static synchronized List<String> launch(List<String> arguments) throws IOException, InterruptedException {
		if (launch != null) {
			return launch;
		}
		List<String> plain = new ArrayList<>(List.of(LabProcess.java(), "-cp", LabProcess.classpath()));
		plain.addAll(JVM);
		plain.addAll(List.of("-Xshare:auto", "-Dcontracts.dir=" + LabProcess.contractsDir()));
		Files.createDirectories(CDS);
		Path archive = CDS.resolve("engine.jsa");
		Files.deleteIfExists(archive);
		String classpath = jarredClasspath();
		List<String> training = new ArrayList<>(List.of(LabProcess.java(), "-cp", classpath));
		training.addAll(JVM);
		training.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-Dspring.context.exit=onRefresh",
				"-Dcontracts.dir=" + LabProcess.contractsDir(), MAIN));
		training.addAll(arguments.stream().filter(a -> !a.startsWith("--spring.datasource.")).toList());
		training.addAll(List.of("--server.port=0", "--spring.datasource.url=jdbc:h2:mem:cds-training",
				"--spring.datasource.username=sa", "--spring.datasource.password="));
		Process process = new ProcessBuilder(training).directory(CDS.toFile())
			.redirectErrorStream(true)
			.redirectOutput(CDS.resolve("training.log").toFile())
			.start();
		if (!process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
			process.destroyForcibly().waitFor();
		}
		if (Files.isRegularFile(archive) && Files.size(archive) > 0) {
			launch = new ArrayList<>(List.of(LabProcess.java(), "-cp", classpath));
			launch.addAll(JVM);
			launch.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto",
					"-Dcontracts.dir=" + LabProcess.contractsDir()));
		}
		else {
			System.out.println("crash: no CDS archive for the engine nodes (see " + CDS.resolve("training.log")
					+ "); they start without one");
			launch = plain;
		}
		return launch;
	}

	/**
	 * The runtime classpath with the build's class directories as one jar in their place.
	 */
	private static String jarredClasspath() throws IOException {
		List<String> entries = new ArrayList<>();
		Path jar = CDS.resolve("rollout-classes.jar");
		Files.deleteIfExists(jar);
		for (String entry : LabProcess.classpath().split(File.pathSeparator)) {
			Path path = Path.of(entry);
			if (!Files.isDirectory(path)) {
				entries.add(entry);
				continue;
			}
			if (Files.exists(jar)) {
				throw new IOException("more than one class directory on the classpath: " + entry);
			}
			try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
					Stream<Path> files = Files.walk(path)) {
				for (Path file : (Iterable<Path>) files.sorted()::iterator) {
					String name = path.relativize(file).toString().replace('\\', '/');
					if (name.isEmpty()) {
						continue;
					}
					if (Files.isDirectory(file)) {
						out.putNextEntry(new JarEntry(name + "/"));
					}
					else {
						out.putNextEntry(new JarEntry(name));
						Files.copy(file, out);
					}
					out.closeEntry();
				}
			}
			entries.add(jar.toString());
		}
		return String.join(File.pathSeparator, entries);
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
