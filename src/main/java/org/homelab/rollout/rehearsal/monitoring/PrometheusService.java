package org.homelab.rollout.rehearsal.monitoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.GuestCommand;
import org.homelab.rollout.rehearsal.LabNetwork;
import org.homelab.rollout.rehearsal.RequestJournal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code prometheus} unit of a VM, and the package and promtool around it. Starting
 * the unit copies the VM's /etc/prometheus to the lab directory and runs the real
 * /usr/bin/prometheus with it at the VM's address (port from --web.listen-address in
 * /etc/default/prometheus), storage in the lab directory; without the binary a
 * {@link SimulatedPrometheus} answers instead and says so. promtool is
 * {@link LabPromtool}. Stopping the unit, powering the VM off or closing the lab kills
 * it.
 */
public final class PrometheusService implements GuestCommand, AutoCloseable {

	static final Path BINARY = Path.of("/usr/bin/prometheus");

	static final String ETC = "/etc/prometheus";

	static final String DEFAULTS = "/etc/default/prometheus";

	private static final Logger log = LoggerFactory.getLogger(PrometheusService.class);

	private static final Pattern LISTEN = Pattern.compile("--web\\.listen-address=\\S*:(\\d+)");

	private final Path labDir;

	private final Runnable beforeStart;

	private final LabPromtool promtool;

	private final Map<Integer, Running> byVmid = new ConcurrentHashMap<>();

	private final LabHttp.Faults faults;

	/**
	 * {@code beforeStart} runs before a Prometheus starts (the lab's node exporters come
	 * up with monitoring).
	 */
	public PrometheusService(Path labDir, Runnable beforeStart) {
		this(labDir, beforeStart, FaultInjector.none(), null);
	}

	/**
	 * The simulated Prometheus fails by the lab's rules for "prometheus" and lands in the
	 * journal; the real binary answers for itself.
	 */
	public PrometheusService(Path labDir, Runnable beforeStart, FaultInjector faults, RequestJournal journal) {
		this.faults = new LabHttp.Faults(faults, "prometheus", journal);
		this.labDir = labDir.toAbsolutePath().normalize();
		this.beforeStart = beforeStart;
		this.promtool = new LabPromtool(this.labDir, LabPromtool.PROMTOOL);
	}

	/** When the VM's Prometheus unit last started, while it runs. */
	public Optional<Instant> startedAt(int vmid) {
		return Optional.ofNullable(this.byVmid.get(vmid)).map(Running::started);
	}

	/**
	 * When the VM's Prometheus last took a changed configuration (a reload, or its
	 * start), while it runs.
	 */
	public Optional<Instant> reloadedAt(int vmid) {
		return Optional.ofNullable(this.byVmid.get(vmid)).map(Running::reloaded);
	}

	/** Whether the real Prometheus runs here (else the simulated API). */
	public static boolean real() {
		return Files.isExecutable(BINARY);
	}

	/** The address:port a VM's Prometheus listens at, once its unit runs. */
	public Optional<String> listening(int vmid) {
		return Optional.ofNullable(this.byVmid.get(vmid)).map(Running::listen);
	}

	@Override
	public boolean handles(List<String> argv) {
		String program = argv.get(0).replaceAll(".*/", "");
		if (program.equals("promtool")) {
			return true;
		}
		if (program.equals("apt-get") || program.equals("apt")) {
			return argv.contains("prometheus") && (argv.contains("install") || argv.contains("purge"));
		}
		return program.equals("systemctl") && argv.size() >= 3
				&& List.of("prometheus", "prometheus.service").contains(argv.get(argv.size() - 1));
	}

	@Override
	public Result run(Guest guest, List<String> argv, String stdin) {
		String program = argv.get(0).replaceAll(".*/", "");
		if (program.equals("promtool")) {
			return this.promtool.run(guest, argv.subList(1, argv.size()));
		}
		if (!program.equals("systemctl")) {
			return apt(guest, argv.contains("purge"));
		}
		List<String> args = argv.subList(1, argv.size() - 1);
		String verb = args.stream().filter(a -> !a.startsWith("-")).findFirst().orElse("");
		boolean now = args.contains("--now");
		return switch (verb) {
			case "enable" -> now ? start(guest, false) : Result.ok("");
			case "start" -> start(guest, false);
			case "restart" -> start(guest, true);
			case "reload" -> this.byVmid.containsKey(guest.vmid()) ? reload(guest)
					: Result.fail(1, "prometheus.service is not active, cannot reload.\n");
			case "stop" -> stopped(guest.vmid());
			case "disable" -> now ? stopped(guest.vmid()) : Result.ok("");
			case "is-active" ->
				this.byVmid.containsKey(guest.vmid()) ? Result.ok("active\n") : new Result(3, "inactive\n", "", null);
			default -> Result.ok("");
		};
	}

	@Override
	public void poweredOff(int vmid) {
		stop(vmid);
	}

	public void stopAll() {
		List.copyOf(this.byVmid.keySet()).forEach(this::stop);
	}

	@Override
	public void close() {
		stopAll();
	}

	private Result apt(Guest guest, boolean purge) {
		if (purge) {
			stop(guest.vmid());
			guest.files().remove(BINARY.toString());
			return Result.ok("Removing prometheus ...\n");
		}
		boolean installed = guest.files().containsKey(BINARY.toString());
		guest.files().put(BINARY.toString(), new byte[0]);
		guest.files().putIfAbsent(ETC + "/.dir", new byte[0]);
		return installed
				? new Result(0, "prometheus is already the newest version (2.42.0+ds-5+b5).\n", "", "proxmox.apt-noop")
				: new Result(0, "Setting up prometheus (2.42.0+ds-5+b5) ...\n", "", "proxmox.install");
	}

	private Result start(Guest guest, boolean restart) {
		if (this.byVmid.containsKey(guest.vmid()) && !restart) {
			return Result.ok("");
		}
		stop(guest.vmid());
		Map<String, byte[]> etc = GuestFiles.under(guest.files(), ETC);
		if (!guest.files().containsKey(BINARY.toString()) || !etc.containsKey("prometheus.yml")) {
			return failed();
		}
		this.beforeStart.run();
		String listen = guest.address().getHostAddress() + ":" + port(guest);
		Path home = this.labDir.resolve("prometheus-" + guest.vmid());
		GuestFiles.copy(etc, home.resolve("etc"));
		try {
			Files.createDirectories(home.resolve("data"));
			Running running = real() ? runReal(home, listen, etc)
					: new Running(listen, GuestFiles.digest(etc), null,
							new SimulatedPrometheus(guest.address(), port(guest), home.resolve("etc"), this.faults),
							Instant.now(), Instant.now());
			this.byVmid.put(guest.vmid(), running);
			return Result.ok("");
		}
		catch (IOException | UncheckedIOException ex) {
			log.warn("prometheus unit of VM {} failed to start: {}", guest.vmid(), ex.getMessage());
			return failed();
		}
	}

	private Running runReal(Path home, String listen, Map<String, byte[]> etc) throws IOException {
		List<String> command = new ArrayList<>(List.of(BINARY.toString(),
				"--config.file=" + home.resolve("etc/prometheus.yml"), "--storage.tsdb.path=" + home.resolve("data"),
				"--web.listen-address=" + listen, "--log.level=warn"));
		// a Prometheus of another lab in this JVM at the same address goes first
		LabNetwork.listening(listen, () -> halt(listen));
		Process process = new ProcessBuilder(command).directory(home.resolve("etc").toFile())
			.redirectErrorStream(true)
			.redirectOutput(home.resolve("prometheus.log").toFile())
			.start();
		log.info("Rehearsal Prometheus: the real {} at {} with the configuration the engine wrote (log {})", BINARY,
				listen, home.resolve("prometheus.log"));
		Instant now = Instant.now();
		return new Running(listen, GuestFiles.digest(etc), process, null, now, now);
	}

	/**
	 * A reload applies changed files as Debian's unit does
	 * ({@code ExecReload=kill -HUP}): the real process gets the new copy and SIGHUP,
	 * keeps its targets and data, and keeps its old configuration when the new one does
	 * not load. A restart instead took seconds of shut-down, start-up and first scrapes
	 * per reload. The simulated one starts again.
	 */
	private Result reload(Guest guest) {
		Running running = this.byVmid.get(guest.vmid());
		Map<String, byte[]> etc = GuestFiles.under(guest.files(), ETC);
		String digest = GuestFiles.digest(etc);
		if (running.digest().equals(digest)) {
			return Result.ok("");
		}
		if (running.process() == null || !running.process().isAlive()) {
			return start(guest, true);
		}
		GuestFiles.sync(etc, this.labDir.resolve("prometheus-" + guest.vmid()).resolve("etc"));
		try {
			Process hup = new ProcessBuilder("kill", "-HUP", String.valueOf(running.process().pid()))
				.redirectErrorStream(true)
				.start();
			if (!hup.waitFor(5, TimeUnit.SECONDS) || hup.exitValue() != 0) {
				return failed();
			}
		}
		catch (IOException ex) {
			return failed();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return failed();
		}
		this.byVmid.put(guest.vmid(),
				new Running(running.listen(), digest, running.process(), null, running.started(), Instant.now()));
		return Result.ok("");
	}

	private Result stopped(int vmid) {
		stop(vmid);
		return Result.ok("");
	}

	/** Stops this lab's Prometheus listening at {@code listen}, if any. */
	private void halt(String listen) {
		this.byVmid.entrySet()
			.stream()
			.filter(e -> e.getValue().listen().equals(listen))
			.map(Map.Entry::getKey)
			.toList()
			.forEach(this::stop);
	}

	private void stop(int vmid) {
		Running running = this.byVmid.remove(vmid);
		if (running == null) {
			return;
		}
		if (running.simulated() != null) {
			running.simulated().close();
		}
		if (running.process() != null) {
			running.process().destroy();
			try {
				if (!running.process().waitFor(10, TimeUnit.SECONDS)) {
					running.process().destroyForcibly().waitFor(5, TimeUnit.SECONDS);
				}
			}
			catch (InterruptedException ex) {
				running.process().destroyForcibly();
				Thread.currentThread().interrupt();
			}
		}
	}

	private static int port(Guest guest) {
		byte[] defaults = guest.files().get(DEFAULTS);
		Matcher listen = LISTEN.matcher((defaults != null) ? new String(defaults, StandardCharsets.UTF_8) : "");
		return listen.find() ? Integer.parseInt(listen.group(1)) : 9090;
	}

	private static Result failed() {
		return Result.fail(1, "Job for prometheus.service failed because the control process exited with error code.\n"
				+ "See \"systemctl status prometheus.service\" and \"journalctl -xeu prometheus.service\" for details.\n");
	}

	private record Running(String listen, String digest, Process process, SimulatedPrometheus simulated,
			Instant started, Instant reloaded) {
	}

}
