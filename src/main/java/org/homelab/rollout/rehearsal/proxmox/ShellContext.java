package org.homelab.rollout.rehearsal.proxmox;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
		for (GuestCommand command : this.commands) {
			if (command.handles(argv)) {
				GuestCommand.Result result = command.run(this.guest, argv, stdin);
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

	String notFound(String program, int line) {
		return this.shell.equals("bash") ? "bash: line " + line + ": " + program + ": command not found\n"
				: this.shell + ": " + line + ": " + program + ": not found\n";
	}

	String file(String path) {
		byte[] content = this.vm.files.get(path);
		return (content != null) ? new String(content, java.nio.charset.StandardCharsets.UTF_8) : null;
	}

}
