package org.homelab.rollout.rehearsal;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.core.env.Environment;

/**
 * How the lab runs, from {@code rehearsal.*} properties: latency scale, fault rules and
 * their seed, ports (0 picks a free one), the directory where it leaves what the engine
 * reads (token secret file, standalone endpoints) and where the API contracts stand
 * ({@code rehearsal.contracts-dir}, else {@link Contracts#locate()}).
 */
public record LabSettings(double latencyScale, long seed, List<FaultInjector.Rule> faults, int proxmoxPort,
		int kubernetesPort, int controlPort, Path labDir, Contracts contracts, Map<String, Double> latencies) {

	/** With the realistic operation times. */
	public LabSettings(double latencyScale, long seed, List<FaultInjector.Rule> faults, int proxmoxPort,
			int kubernetesPort, int controlPort, Path labDir, Contracts contracts) {
		this(latencyScale, seed, faults, proxmoxPort, kubernetesPort, controlPort, labDir, contracts, Map.of());
	}

	/** With the contracts located as usual. */
	public LabSettings(double latencyScale, long seed, List<FaultInjector.Rule> faults, int proxmoxPort,
			int kubernetesPort, int controlPort, Path labDir) {
		this(latencyScale, seed, faults, proxmoxPort, kubernetesPort, controlPort, labDir, Contracts.locate());
	}

	/**
	 * {@code rehearsal.k3s-on-first-use}: true (the default) starts the K3s cluster on
	 * the lab's first use; false with the lab, as the tests and the crash harness's
	 * standalone lab want, whose runs (and plan previews) reach K3s at once. Read by both
	 * ways to start a lab.
	 */
	public static boolean k3sOnFirstUse(Environment environment) {
		return environment.getProperty("rehearsal.k3s-on-first-use", Boolean.class, true);
	}

	public static LabSettings from(Environment environment) {
		List<FaultInjector.Rule> faults = List
			.of(environment.getProperty("rehearsal.faults", String[].class, new String[0]))
			.stream()
			.filter(rule -> !rule.isBlank())
			.map(FaultInjector.Rule::parse)
			.toList();
		return new LabSettings(environment.getProperty("rehearsal.latency-scale", Double.class, 0.05),
				environment.getProperty("rehearsal.seed", Long.class, 42L), faults,
				environment.getProperty("rehearsal.proxmox-port", Integer.class, 0),
				environment.getProperty("rehearsal.kubernetes-port", Integer.class, 0),
				environment.getProperty("rehearsal.control-port", Integer.class, 0),
				Path.of(environment.getProperty("rehearsal.lab-dir", "./data/lab")),
				Contracts.at(environment.getProperty("rehearsal.contracts-dir")), latencies(environment));
	}

	/**
	 * Realistic times of single operations, seconds, before scaling, in place of the
	 * lab's ({@code rehearsal.latency.proxmox.clone=600}: a clone that outlasts an engine
	 * restart).
	 */
	private static Map<String, Double> latencies(Environment environment) {
		Map<String, Double> latencies = new TreeMap<>();
		Latency.REALISTIC.keySet().forEach(operation -> {
			Double seconds = environment.getProperty("rehearsal.latency." + operation, Double.class);
			if (seconds != null) {
				latencies.put(operation, seconds);
			}
		});
		return latencies;
	}

	public Latency latency() {
		return new Latency(this.latencyScale, this.latencies);
	}

	public FaultInjector faultInjector() {
		return new FaultInjector(this.faults, this.seed);
	}

}
