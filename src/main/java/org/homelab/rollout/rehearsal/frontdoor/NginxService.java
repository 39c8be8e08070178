package org.homelab.rollout.rehearsal.frontdoor;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.homelab.rollout.rehearsal.GuestCommand.Result;
import org.homelab.rollout.rehearsal.LabNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The frontend's {@code nginx} unit. With the real nginx installed (Debian's
 * /usr/sbin/nginx) {@code nginx -t} and the running server use a host copy of the guest's
 * files ({@link NginxTree}); without it {@link NginxCheck} checks the structure and the
 * unit only keeps its state. A reload tests first, as Debian's unit does: an invalid
 * configuration fails the job and the old one keeps serving.
 */
final class NginxService implements AutoCloseable {

	static final Path BINARY = Path.of("/usr/sbin/nginx");

	private static final Logger log = LoggerFactory.getLogger(NginxService.class);

	private final NginxTree live;

	private final NginxTree staging;

	private final String address;

	private final int httpsPort;

	// who LabNetwork stops when another lab claims the network
	private final AutoCloseable listener = this::stop;

	private Process process;

	private boolean active;

	private int reloads;

	private final boolean useReal;

	// serves the sites where the real nginx is not installed
	private final SimulatedFrontDoor simulated;

	NginxService(Path dir, String address, int httpPort, int httpsPort) {
		this(dir, address, httpPort, httpsPort, real());
	}

	NginxService(Path dir, String address, int httpPort, int httpsPort, boolean useReal) {
		this.useReal = useReal;
		this.simulated = new SimulatedFrontDoor(address, httpPort, httpsPort);
		this.live = new NginxTree(dir.resolve("nginx"), address, httpPort, httpsPort);
		this.staging = new NginxTree(dir.resolve("nginx-test"), address, httpPort, httpsPort);
		this.address = address;
		this.httpsPort = httpsPort;
	}

	static boolean real() {
		return Files.isExecutable(BINARY);
	}

	synchronized boolean running() {
		return this.active && (this.process == null || this.process.isAlive());
	}

	synchronized int reloads() {
		return this.reloads;
	}

	/** {@code nginx -t} on the guest's files: exit code and nginx's messages. */
	Result test(Map<String, byte[]> files, boolean quiet) {
		if (!this.useReal) {
			return NginxCheck.check(files, quiet);
		}
		synchronized (this) {
			this.staging.write(files);
			List<String> command = new ArrayList<>(List.of(BINARY.toString(), "-t", "-p", this.staging.root() + "/",
					"-c", this.staging.mainConfig().toString(), "-e", this.staging.errorLog()));
			if (quiet) {
				command.add("-q");
			}
			ProcessOutput output = ProcessOutput.run(command);
			return new Result(output.exitCode(), "", this.staging.guestPaths(output.text()), null);
		}
	}

	synchronized Result start(Map<String, byte[]> files) {
		if (running()) {
			return Result.ok("");
		}
		if (test(files, true).exitCode() != 0) {
			return failed();
		}
		this.active = true;
		if (!this.useReal) {
			this.simulated.apply(files);
			return Result.ok("");
		}
		this.live.write(files);
		LabNetwork.listening(this.address + ":" + this.httpsPort, this.listener);
		if (answers()) {
			// not a lab of this JVM (those stopped above): another process, e.g. an nginx
			// left by a lab that was killed
			log.warn("the frontend's nginx cannot start: {}:{} is taken by another process", this.address,
					this.httpsPort);
			this.active = false;
			return failed();
		}
		try {
			this.process = new ProcessBuilder(BINARY.toString(), "-p", this.live.root() + "/", "-c",
					this.live.mainConfig().toString(), "-e", this.live.errorLog(), "-g", "daemon off;")
				.redirectErrorStream(true)
				.redirectOutput(this.live.root().resolve("nginx.log").toFile())
				.start();
		}
		catch (IOException ex) {
			this.active = false;
			log.warn("the frontend's nginx did not start: {}", ex.getMessage());
			return failed();
		}
		if (!awaitListening()) {
			log.warn("the frontend's nginx did not come up; see {}", this.live.root().resolve("nginx.log"));
			stop();
			return failed();
		}
		log.info("Rehearsal front door: the real {} at {}:{} (HTTPS) with the frontend's files (copy in {})", BINARY,
				this.address, this.httpsPort, this.live.root());
		return Result.ok("");
	}

	/** systemctl reload nginx: test, then apply, while the old configuration serves. */
	synchronized Result reload(Map<String, byte[]> files) {
		if (!running()) {
			return Result.fail(1, "nginx.service is not active, cannot reload.\n");
		}
		if (test(files, true).exitCode() != 0) {
			return Result.fail(1, "Job for nginx.service failed because the control process exited with error code.\n"
					+ "See \"systemctl status nginx.service\" and \"journalctl -xeu nginx.service\" for details.\n");
		}
		this.reloads++;
		if (!this.useReal) {
			this.simulated.apply(files);
			return Result.ok("");
		}
		Set<Long> oldWorkers = workers();
		this.live.write(files);
		ProcessOutput signal = ProcessOutput.run(List.of(BINARY.toString(), "-p", this.live.root() + "/", "-c",
				this.live.mainConfig().toString(), "-e", this.live.errorLog(), "-s", "reload"));
		if (signal.exitCode() != 0) {
			return Result.fail(1, "Job for nginx.service failed because the control process exited with error code.\n");
		}
		// returns once nginx has its new workers and the old ones have gone: until then
		// an old worker may still accept a connection and answer from the old
		// configuration, which would make the lab's answers depend on timing
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (System.nanoTime() < deadline
				&& (oldWorkers.containsAll(workers()) || !Collections.disjoint(oldWorkers, workers()))) {
			pause();
		}
		return Result.ok("");
	}

	synchronized Result restart(Map<String, byte[]> files) {
		stop();
		return start(files);
	}

	synchronized void stop() {
		this.active = false;
		this.simulated.close();
		Process running = this.process;
		this.process = null;
		if (running == null) {
			return;
		}
		LabNetwork.released(this.address + ":" + this.httpsPort, this.listener);
		running.destroy();
		try {
			if (!running.waitFor(10, TimeUnit.SECONDS)) {
				running.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			running.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	synchronized void reset() {
		stop();
		this.reloads = 0;
	}

	@Override
	public void close() {
		stop();
	}

	static Result failed() {
		return Result.fail(1, "Job for nginx.service failed because the control process exited with error code.\n"
				+ "See \"systemctl status nginx.service\" and \"journalctl -xeu nginx.service\" for details.\n");
	}

	private Set<Long> workers() {
		return this.process.toHandle().children().map(ProcessHandle::pid).collect(Collectors.toSet());
	}

	private boolean awaitListening() {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (System.nanoTime() < deadline && this.process.isAlive()) {
			if (answers()) {
				return true;
			}
			pause();
		}
		return false;
	}

	private boolean answers() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(this.address, this.httpsPort), 200);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static void pause() {
		try {
			Thread.sleep(50);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
