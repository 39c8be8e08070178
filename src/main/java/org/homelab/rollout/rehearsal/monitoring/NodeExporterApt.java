package org.homelab.rollout.rehearsal.monitoring;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.homelab.rollout.rehearsal.GuestCommand;

/**
 * Debian's {@code prometheus-node-exporter} on a lab VM: {@code apt-get install} starts
 * it on the VM's address, port 9100 (the package enables and starts its unit), with the
 * series {@link NodeExporters} serves; {@code purge}/{@code remove} stops it, and so does
 * the VM stopping. What a VM without it answers on 9100 is a refused connection, as on a
 * real one.
 */
public final class NodeExporterApt implements GuestCommand, AutoCloseable {

	public static final String PACKAGE = "prometheus-node-exporter";

	private final Map<Integer, NodeExporters> running = new ConcurrentHashMap<>();

	@Override
	public boolean handles(List<String> argv) {
		String program = argv.get(0).replaceAll(".*/", "");
		return (program.equals("apt-get") || program.equals("apt")) && argv.contains(PACKAGE)
				&& (argv.contains("install") || argv.contains("purge") || argv.contains("remove"));
	}

	@Override
	public Result run(Guest guest, List<String> argv, String stdin) {
		if (!argv.contains("install")) {
			poweredOff(guest.vmid());
			return Result.ok("Removing " + PACKAGE + " ...\n");
		}
		this.running.computeIfAbsent(guest.vmid(), vmid -> {
			NodeExporters exporter = new NodeExporters(Map.of(guest.name(), guest.address().getHostAddress()));
			exporter.startAll();
			return exporter;
		});
		return Result.ok("Setting up " + PACKAGE + " (1.9.0-1) ...\n");
	}

	@Override
	public void poweredOff(int vmid) {
		NodeExporters exporter = this.running.remove(vmid);
		if (exporter != null) {
			exporter.close();
		}
	}

	/** Whether the VM runs the exporter. */
	public boolean running(int vmid) {
		return this.running.containsKey(vmid);
	}

	/** Every VM's exporter stopped (the lab's reset). */
	public void reset() {
		List.copyOf(this.running.keySet()).forEach(this::poweredOff);
	}

	@Override
	public void close() {
		reset();
	}

}
