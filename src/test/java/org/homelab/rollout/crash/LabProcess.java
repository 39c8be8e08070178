package org.homelab.rollout.crash;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.homelab.rollout.rehearsal.Contracts;
import org.homelab.rollout.rehearsal.LabNetwork;
import org.homelab.rollout.rehearsal.StandaloneLab;

/**
 * The standalone rehearsal lab in a JVM of its own (docs/rehearsal-lab.md), so engines
 * can die and restart against a homelab that keeps its state. It owns the lab network's
 * loopback addresses (127.0.10.x) on this machine: before it starts, every lab of this
 * test JVM (those of cached Spring test contexts) gives them up.
 */
final class LabProcess implements AutoCloseable {

	private final Path dir;

	private final Process process;

	private final Properties endpoints;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private LabProcess(Path dir, Process process, Properties endpoints) {
		this.dir = dir;
		this.process = process;
		this.endpoints = endpoints;
	}

	/**
	 * How long a clone takes in the crash tests' lab, whatever the latency scale: longer
	 * than an engine's restart (5 s here with its CDS archive, 12 s under load), so one
	 * is still copying when the restarted node looks at it, as on a real homelab (90 s),
	 * and the wait for it stays locked long enough for the test's look (a tenth of a
	 * second). Each second here is a second of every crash run.
	 */
	static final Duration CLONE = Duration.ofSeconds(Long.getLong("crash.clone", 20));

	/**
	 * Clones of runs that kill no engine during one: they are on Phase 1's critical path.
	 */
	static final Duration SHORT_CLONE = Duration.ofSeconds(Math.min(5, CLONE.toSeconds()));

	static LabProcess start(Path dir, double latencyScale) throws IOException, InterruptedException {
		return start(dir, latencyScale, CLONE);
	}

	/**
	 * A lab whose clones take {@code clone} whatever the scale: {@link #CLONE} where a
	 * kill must land while one runs, {@link #SHORT_CLONE} where none must.
	 */
	static LabProcess start(Path dir, double latencyScale, Duration clone) throws IOException, InterruptedException {
		// the labs of this JVM's cached test contexts stop listening at the lab network's
		// addresses, as when another lab of this JVM claims it; the next test's lab
		// claims it back
		LabNetwork.claim(new Object());
		Files.createDirectories(dir);
		Process process = new ProcessBuilder(
				List.of(java(), "-cp", classpath(), "-XX:+UseSerialGC", "-Xmx384m", "-XX:TieredStopAtLevel=1",
						"-D" + Contracts.PROPERTY + "=" + contractsDir(), StandaloneLab.class.getName(),
						"--rehearsal.lab-dir=" + dir, "--rehearsal.latency-scale=" + latencyScale,
						"--rehearsal.latency.proxmox.clone=" + clone.toSeconds() / latencyScale,
						// K3s up with the lab, as a homelab's is before the rollout: on
						// first use, the plan preview's look at its nodes would find them
						// still starting and block the plan
						"--rehearsal.k3s-on-first-use=false",
						// the second clone asked for is refused once (503, retried): it
						// is dispatched
						// after the restart that follows the first one's dispatch, so a
						// restarted node
						// waits for a running clone
						"--rehearsal.faults=proxmox:clone:HTTP_503#2"))
			.redirectErrorStream(true)
			.redirectOutput(dir.resolve("lab.log").toFile())
			.start();
		Path file = dir.resolve("endpoints.properties");
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (!Files.exists(file)) {
			if (!process.isAlive() || System.nanoTime() > deadline) {
				process.destroyForcibly();
				throw new IllegalStateException(
						"the standalone lab did not start:\n" + Files.readString(dir.resolve("lab.log")));
			}
			Thread.sleep(50);
		}
		Properties endpoints = new Properties();
		try (InputStream in = Files.newInputStream(file)) {
			endpoints.load(in);
		}
		return new LabProcess(dir, process, endpoints);
	}

	Path endpoints() {
		return this.dir.resolve("endpoints.properties");
	}

	Path log() {
		return this.dir.resolve("lab.log");
	}

	/**
	 * Writes the lab's journal to a file beside its log (for the kept logs) and answers
	 * where, or nothing when the lab is gone.
	 */
	Path saveJournal() {
		Path file = this.dir.resolve("lab-journal.txt");
		try {
			Files.write(file, journal());
		}
		catch (IOException | RuntimeException ex) {
			// read after a failure: a lab already gone has none to give
		}
		return file;
	}

	/** One line per request the lab answered: system, method, path, status, verdict. */
	List<String> journal() {
		return lines(get("/journal"));
	}

	/**
	 * Arms the lab's holds ({@code name<TAB>match[<TAB>after]} each, see
	 * {@link KillPoint#hold()}), replacing those armed before.
	 */
	void arm(List<String> holds) {
		send(HttpRequest.newBuilder(control("/holds")).POST(BodyPublishers.ofString(String.join("\n", holds))));
	}

	/** The names of the holds that caught a request so far, in order. */
	List<String> held() {
		return lines(get("/holds")).stream().map(line -> line.split("\t", 2)[0]).toList();
	}

	/** What the homelab holds, one tab-separated line each (StandaloneLab's /state). */
	List<String> state() {
		return lines(get("/state"));
	}

	private URI control(String path) {
		return URI.create(this.endpoints.getProperty("rehearsal.control-url") + path);
	}

	private String get(String path) {
		return send(HttpRequest.newBuilder(control(path)));
	}

	private String send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.http.send(request.timeout(Duration.ofSeconds(10)).build(),
					BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalStateException(
						"the lab's control port answered " + response.statusCode() + ": " + response.body());
			}
			return response.body();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static List<String> lines(String text) {
		return text.lines().filter(line -> !line.isBlank()).toList();
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
			this.process.destroyForcibly().waitFor();
		}
	}

	static String java() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	/**
	 * The build's runtime classpath as the test JVM has it, without the test classes and
	 * resources (their test models and test profile are not the product's).
	 */
	static String classpath() {
		return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
			.filter(entry -> !entry.replace('\\', '/').endsWith("test-classes")
					&& !entry.replace('\\', '/').endsWith("test-classes/"))
			.collect(Collectors.joining(File.pathSeparator));
	}

	static String contractsDir() {
		return Contracts.locate().dir().toString();
	}

}
