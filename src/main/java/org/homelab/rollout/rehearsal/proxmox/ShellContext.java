package org.homelab.rollout.rehearsal.proxmox;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.homelab.rollout.rehearsal.GuestCommand;
import org.homelab.rollout.rehearsal.Latency;

/**
 * One agent exec's view of the guest: its files and services, the registered commands,
 * the environment, and how long the simulated work keeps the process running (the sum of
 * the latencies its commands name).
 */
final class ShellContext {

	final GuestCommand.Guest guest;

	final Vm vm;

	final Map<String, String> env = new HashMap<>();

	private final List<GuestCommand> commands;

	private final Latency latency;

	Duration busy = Duration.ZERO;

	boolean errexit;

	/** Whether the exec ran apt or dpkg: it holds dpkg's lock until it exits. */
	boolean usesDpkg;

	String shell = "sh";

	ShellContext(GuestCommand.Guest guest, Vm vm, List<GuestCommand> commands, Latency latency) {
		this.guest = guest;
		this.vm = vm;
		this.commands = commands;
		this.latency = latency;
		this.env.put("HOME", "/root");
		this.env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
	}

	/**
	 * Registered commands first, then the built-in utilities, else "not found" (127) as
	 * dash reports it.
	 */
	GuestCommand.Result execute(List<String> argv, String stdin, int line) {
		if (takesDpkgLock(argv)) {
			GuestCommand.Result locked = dpkgLock(argv);
			if (locked != null) {
				return locked;
			}
		}
		for (GuestCommand command : this.commands) {
			if (command.handles(argv)) {
				GuestCommand.Result result = command.run(new WithEnvironment(this.guest, Map.copyOf(this.env)), argv,
						stdin);
				if (result.latencyOperation() != null) {
					this.busy = this.busy.plus(this.latency.of(result.latencyOperation()));
				}
				return result;
			}
		}
		GuestCommand.Result builtin = Builtins.run(argv, (stdin != null) ? stdin : "", this, line);
		if (builtin != null) {
			return builtin;
		}
		return GuestCommand.Result.fail(127, notFound(argv.get(0), line));
	}

	/**
	 * apt and dpkg commands that change packages or their lists take dpkg's lock (the
	 * lists lock for update, which the lab folds into it).
	 */
	private static boolean takesDpkgLock(List<String> argv) {
		String program = argv.get(0).replaceAll(".*/", "");
		return switch (program) {
			case "apt-get", "apt" -> argv.stream()
				.anyMatch(a -> List.of("install", "purge", "remove", "update", "upgrade", "dist-upgrade").contains(a));
			case "dpkg" -> argv.stream().anyMatch(a -> a.equals("-i") || a.equals("--configure") || a.equals("-P"));
			default -> false;
		};
	}

	/**
	 * Null when this exec may go on: the lock is free at this point of the script, or
	 * taken by this exec, or freed within the command's {@code DPkg::Lock::Timeout} (then
	 * the wait adds to the run time). Else apt's own refusal, exit 100.
	 */
	private GuestCommand.Result dpkgLock(List<String> argv) {
		Instant at = Instant.now().plus(this.busy);
		Instant until = this.vm.dpkgLockedUntil;
		if (until == null || !at.isBefore(until)) {
			this.usesDpkg = true;
			return null;
		}
		Duration wait = Duration.between(at, until);
		Duration timeout = argv.stream()
			.filter(a -> a.startsWith("DPkg::Lock::Timeout=") || a.startsWith("Dpkg::Lock::Timeout="))
			.map(a -> Duration.ofSeconds(Long.parseLong(a.substring(a.indexOf('=') + 1))))
			.findFirst()
			.orElse(Duration.ZERO);
		if (wait.compareTo(timeout) <= 0) {
			this.busy = this.busy.plus(wait);
			this.usesDpkg = true;
			return null;
		}
		String program = argv.get(0).replaceAll(".*/", "");
		return GuestCommand.Result.fail(100,
				"E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process " + this.vm.dpkgLockPid + " ("
						+ program + ")\nN: Be aware that removing the lock file is not a solution and may break your "
						+ "system.\nE: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), is "
						+ "another process using it?\n");
	}

	String notFound(String program, int line) {
		return this.shell.equals("bash") ? "bash: line " + line + ": " + program + ": command not found\n"
				: this.shell + ": " + line + ": " + program + ": not found\n";
	}

	String file(String path) {
		byte[] content = this.vm.files.get(path);
		return (content != null) ? new String(content, java.nio.charset.StandardCharsets.UTF_8) : null;
	}

	/** The guest as a command sees it, with the shell's variables at that point. */
	private record WithEnvironment(GuestCommand.Guest guest,
			Map<String, String> environment) implements GuestCommand.Guest {

		@Override
		public String name() {
			return this.guest.name();
		}

		@Override
		public int vmid() {
			return this.guest.vmid();
		}

		@Override
		public InetAddress address() {
			return this.guest.address();
		}

		@Override
		public Map<String, byte[]> files() {
			return this.guest.files();
		}

		@Override
		public <T> T outsideLab(Callable<T> work) throws Exception {
			return this.guest.outsideLab(work);
		}

	}

}
