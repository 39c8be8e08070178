package org.homelab.rollout.rehearsal.proxmox;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

import org.homelab.rollout.rehearsal.GuestCommand;

/**
 * The QEMU guest agent under {@code /nodes/{node}/qemu/{vmid}/agent/...}: it answers only
 * on a running guest with agent=1 once it has booted; exec runs the simulated shell,
 * files live in the guest's file store.
 */
final class AgentRoutes {

	/** The Guest a {@link GuestCommand} sees. */
	record LabGuest(String name, int vmid, InetAddress address, Map<String, byte[]> files,
			Object lab) implements GuestCommand.Guest {

		/**
		 * The work runs on a thread of its own while this one, which holds the lab's
		 * monitor, waits on it and so lets other calls in.
		 */
		@Override
		public <T> T outsideLab(Callable<T> work) throws Exception {
			if (!Thread.holdsLock(this.lab)) {
				return work.call();
			}
			FutureTask<T> task = new FutureTask<>(work);
			Thread thread = new Thread(task, "lab-guest-" + this.vmid);
			thread.setDaemon(true);
			thread.start();
			while (!task.isDone()) {
				this.lab.wait(20);
			}
			try {
				return task.get();
			}
			catch (ExecutionException ex) {
				throw (ex.getCause() instanceof Exception cause) ? cause : ex;
			}
		}

	}

	private final LabState state;

	AgentRoutes(LabState state) {
		this.state = state;
	}

	void register(Router router) {
		String base = "/nodes/{node}/qemu/{vmid}/agent";
		router.add("POST", base + "/ping", "agent", r -> result(ready(r), Map.of()))
			.add("POST", base, "agent", this::command)
			.add("GET", base + "/network-get-interfaces", "agent",
					r -> result(ready(r), Interfaces.of(this.state, ready(r))))
			.add("GET", base + "/get-host-name", "agent", r -> result(ready(r), Map.of("host-name", ready(r).name())))
			.add("GET", base + "/get-osinfo", "agent", r -> result(ready(r), osinfo()))
			.add("GET", base + "/info", "agent", r -> result(ready(r), Map.of("version", "7.2.0")))
			.add("POST", base + "/exec", "agent", this::exec)
			.add("GET", base + "/exec-status", "agent", this::execStatus)
			.add("POST", base + "/file-write", "agent", this::fileWrite)
			.add("GET", base + "/file-read", "agent", this::fileRead);
	}

	/**
	 * The guest if its agent answers; else PVE's errors, in the order PVE checks them.
	 */
	private Vm ready(ApiRequest request) {
		Vm vm = this.state.vm(request.node(), request.vmid());
		if (!vm.config.containsKey("agent")) {
			throw PveError.failed("No QEMU guest agent configured");
		}
		if (!vm.running()) {
			throw PveError.failed("VM " + vm.vmid + " is not running");
		}
		// agent=0 leaves the virtio port unplugged: to PVE that looks like an agent that
		// is not running
		if (!vm.agentEnabled() || !vm.guestAgentInstalled || vm.agentReadyAt == null
				|| Instant.now().isBefore(vm.agentReadyAt)) {
			throw PveError.failed("QEMU guest agent is not running");
		}
		return vm;
	}

	private static Map<String, Object> result(Vm vm, Object result) {
		return Map.of("result", result);
	}

	private Object command(ApiRequest request) {
		Vm vm = ready(request);
		return switch (request.param("command")) {
			case "network-get-interfaces" -> result(vm, Interfaces.of(this.state, vm));
			case "get-host-name" -> result(vm, Map.of("host-name", vm.name()));
			case "get-osinfo" -> result(vm, osinfo());
			default -> result(vm, Map.of());
		};
	}

	private Object exec(ApiRequest request) {
		Vm vm = ready(request);
		List<String> argv = request.all("command");
		if (argv.isEmpty() || argv.get(0).isBlank()) {
			throw PveError.failed("Agent error: Guest agent command failed, error was 'Invalid parameter 'path''");
		}
		ShellContext context = new ShellContext(guest(vm), vm, this.state.settings.guestCommands(),
				this.state.settings.latency());
		Instant began = Instant.now();
		GuestCommand.Result result = context.execute(argv, request.param("input-data"), 1);
		if (result.exitCode() == 127 && !List.of("sh", "bash", "dash").contains(argv.get(0).replaceAll(".*/", ""))) {
			// qemu-ga spawns the program itself: a missing one fails the exec call, not
			// the process
			throw PveError.failed("Agent error: Failed to execute child process \u201c" + argv.get(0)
					+ "\u201d (No such file or directory)");
		}
		int pid = vm.nextPid++;
		// the real tools the lab runs for a command (nginx, ansible, promtool) take
		// time of their own: the command's, as in a guest
		Duration takes = this.state.settings.latency()
			.of("proxmox.exec")
			.plus(context.busy)
			.plus(Duration.between(began, Instant.now()));
		vm.commands.add(new Vm.Command(began, takes));
		Instant doneAt = began.plus(takes);
		vm.processes.put(pid, new Vm.Process(pid, doneAt, result.exitCode(), result.stdout(), result.stderr()));
		if (context.usesDpkg && (vm.dpkgLockedUntil == null || doneAt.isAfter(vm.dpkgLockedUntil))) {
			// the lab runs a script's commands at once and the process for its latency:
			// apt holds the lock until the process exits
			vm.dpkgLockedUntil = doneAt;
			vm.dpkgLockPid = pid;
		}
		return Map.of("pid", pid);
	}

	private Object execStatus(ApiRequest request) {
		Vm vm = ready(request);
		Vm.Process process = vm.processes.get(Integer.parseInt(request.param("pid")));
		if (process == null) {
			throw PveError.failed("Agent error: Invalid parameter 'pid'");
		}
		Map<String, Object> status = new LinkedHashMap<>();
		if (Instant.now().isBefore(process.doneAt())) {
			status.put("exited", 0);
			return status;
		}
		status.put("exited", 1);
		status.put("exitcode", process.exitCode());
		if (!process.out().isEmpty()) {
			status.put("out-data", process.out());
		}
		if (!process.err().isEmpty()) {
			status.put("err-data", process.err());
		}
		return status;
	}

	/**
	 * encode=1 (default): content is plain text the API base64-encodes for the agent;
	 * encode=0: already base64.
	 */
	private Object fileWrite(ApiRequest request) {
		Vm vm = ready(request);
		String content = request.param("content");
		byte[] bytes = (request.has("encode") && !request.flag("encode")) ? Base64.getDecoder().decode(content)
				: content.getBytes(StandardCharsets.UTF_8);
		vm.files.put(request.param("file"), bytes);
		return null;
	}

	private Object fileRead(ApiRequest request) {
		Vm vm = ready(request);
		String file = request.param("file");
		byte[] bytes = vm.files.get(file);
		if (bytes == null) {
			throw PveError.failed("Agent error: Failed to open file '" + file + "': No such file or directory");
		}
		boolean decode = !request.has("decode") || request.flag("decode");
		String content = decode ? new String(bytes, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(bytes);
		return Map.of("content", content);
	}

	GuestCommand.Guest guest(Vm vm) {
		try {
			String address = vm.linkDown() ? unplugged(vm) : this.state.address(vm);
			return new LabGuest(vm.name(), vm.vmid, InetAddress.getByName((address != null) ? address : "0.0.0.0"),
					vm.files, this.state);
		}
		catch (UnknownHostException ex) {
			throw PveError.failed("invalid guest address: " + ex.getMessage());
		}
	}

	/**
	 * Where services in a guest with net0 unplugged listen: an address of its own outside
	 * the lab network (127.0.11.0/24), so a restored copy started for a check can run its
	 * services beside the original without taking its address or ports.
	 */
	private static String unplugged(Vm vm) {
		return "127.0.11." + (vm.vmid % 254 + 1);
	}

	private static Map<String, Object> osinfo() {
		return Map.of("id", "debian", "name", "Debian GNU/Linux", "pretty-name", "Debian GNU/Linux 12 (bookworm)",
				"version", "12 (bookworm)", "version-id", "12", "kernel-release", "6.1.0-28-cloud-amd64", "machine",
				"x86_64");
	}

}
