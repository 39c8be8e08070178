package org.homelab.rollout.rehearsal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Who listens at the lab network's fixed addresses (a VM's Vault, Prometheus, exporters,
 * Grafana) in this JVM. Only one homelab can own a network: a lab that starts or resets
 * claims it, and what other labs of this JVM (e.g. the lab of another, cached test
 * context) still listen there stops, as if their VMs had gone.
 */
public final class LabNetwork {

	private record Holder(Object owner, AutoCloseable listener) {
	}

	private static final Map<String, Holder> HOLDERS = new HashMap<>();

	private static Object owner;

	private LabNetwork() {
	}

	/** From now on, listeners belong to {@code lab}; those of any other lab stop. */
	public static synchronized void claim(Object lab) {
		owner = lab;
		List<AutoCloseable> stopping = new ArrayList<>();
		for (Iterator<Holder> it = HOLDERS.values().iterator(); it.hasNext();) {
			Holder holder = it.next();
			if (holder.owner() != lab) {
				it.remove();
				stopping.add(holder.listener());
			}
		}
		// closed after the loop: a listener at several addresses (GitLab's exporters)
		// releases the others as it closes
		stopping.stream().distinct().forEach(LabNetwork::close);
	}

	/**
	 * {@code listener} now listens at {@code address} ("host:port"); whoever did before
	 * stops.
	 */
	public static synchronized void listening(String address, AutoCloseable listener) {
		Holder previous = HOLDERS.put(address, new Holder(owner, listener));
		if (previous != null && previous.listener() != listener) {
			close(previous.listener());
		}
	}

	public static synchronized void released(String address, AutoCloseable listener) {
		Holder holder = HOLDERS.get(address);
		if (holder != null && holder.listener() == listener) {
			HOLDERS.remove(address);
		}
	}

	private static void close(AutoCloseable listener) {
		try {
			listener.close();
		}
		catch (Exception ex) {
			// it was going away anyway; a later bind says if the address is still taken
		}
	}

}
