package org.homelab.rollout.rehearsal;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * A command the simulated guest agent can run inside a VM. The Proxmox fake runs a small
 * shell and offers each command line to the registered handlers first, so a handler can
 * make a service (Vault, Prometheus) start listening at the VM's address once the script
 * that installs and enables it has run there, as on a real VM.
 */
public interface GuestCommand {

	/**
	 * Whether this handler simulates the given command (argv[0] and arguments as the
	 * agent received them).
	 */
	boolean handles(List<String> argv);

	/**
	 * Runs it. Long work names its latency operation (see {@link Latency}); the agent
	 * reports it as still running.
	 */
	Result run(Guest guest, List<String> argv, String stdin);

	/**
	 * The VM stopped or was deleted: what its units ran is gone (a real process dies with
	 * the guest).
	 */
	default void poweredOff(int vmid) {
	}

	/**
	 * The VM as a command sees it: its name, VMID, address, and its file store (shared
	 * with file-write/-read).
	 */
	interface Guest {

		String name();

		int vmid();

		InetAddress address();

		Map<String, byte[]> files();

		/**
		 * The shell variables the command runs with (e.g. {@code EXTERNAL_URL=… apt-get
		 * install gitlab-ce}); empty where no shell ran it.
		 */
		default Map<String, String> environment() {
			return Map.of();
		}

		/**
		 * Runs work that talks back to the lab (a real tool on the lab's host calling the
		 * lab's Proxmox API, as Ansible's inventory does) with the lab's lock released
		 * meanwhile, as a real guest's process runs apart from pveproxy; the command
		 * finds the cluster as those calls left it.
		 */
		default <T> T outsideLab(Callable<T> work) throws Exception {
			return work.call();
		}

	}

	/** {@code latencyOperation} may be null (instant). */
	record Result(int exitCode, String stdout, String stderr, String latencyOperation) {

		public static Result ok(String stdout) {
			return new Result(0, stdout, "", null);
		}

		public static Result fail(int exitCode, String stderr) {
			return new Result(exitCode, "", stderr, null);
		}

	}

}
