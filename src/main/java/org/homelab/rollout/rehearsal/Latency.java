package org.homelab.rollout.rehearsal;

import java.time.Duration;
import java.util.Map;

/**
 * How long the lab's long operations take: a realistic duration per operation, scaled by
 * one factor (0.01 for tests, 1.0 for a realistic demo), so benchmarks can compute the
 * critical-path bound of a run from the same table.
 */
public final class Latency {

	/**
	 * Realistic durations of a small homelab, seconds. Keys are "system.operation".
	 * {@code apt-noop}: apt reading its lists to find a package already installed;
	 * {@code helm.pod-boot}: a release's pods, from the install Job's end until ready.
	 */
	static final Map<String, Double> REALISTIC = Map.ofEntries(Map.entry("proxmox.clone", 90.0),
			Map.entry("proxmox.config", 2.0), Map.entry("proxmox.resize", 3.0), Map.entry("proxmox.start", 5.0),
			Map.entry("proxmox.boot", 40.0), Map.entry("proxmox.shutdown", 15.0), Map.entry("proxmox.stop", 3.0),
			Map.entry("proxmox.destroy", 5.0), Map.entry("proxmox.exec", 1.0), Map.entry("proxmox.install", 120.0),
			Map.entry("proxmox.apt-noop", 3.0), Map.entry("proxmox.vzdump", 180.0), Map.entry("proxmox.restore", 150.0),
			Map.entry("helm.install", 60.0), Map.entry("helm.pod-boot", 10.0), Map.entry("helm.delete", 20.0),
			Map.entry("vault.unseal", 1.0), Map.entry("frontdoor.certbot", 20.0), Map.entry("gitlab.install", 240.0),
			Map.entry("gitlab.reconfigure", 180.0), Map.entry("gitlab.boot", 60.0), Map.entry("gitlab.backup", 60.0),
			Map.entry("gitlab.job", 20.0), Map.entry("gitlab.image-build", 60.0), Map.entry("gitlab.runner-poll", 3.0),
			Map.entry("gitlab.rails-runner", 30.0), Map.entry("argocd.sync", 5.0), Map.entry("argocd.self-heal", 5.0),
			Map.entry("argocd.reconcile", 180.0), Map.entry("pbs.install", 90.0),
			Map.entry("pbs.datastore-create", 3.0), Map.entry("pbs.gc", 20.0), Map.entry("pbs.prune", 2.0),
			Map.entry("pbs.verify", 30.0));

	private final double scale;

	private final Map<String, Double> overrides;

	public Latency(double scale, Map<String, Double> overrides) {
		if (!(scale >= 0)) {
			throw new IllegalArgumentException("rehearsal latency scale must be >= 0, was " + scale);
		}
		this.scale = scale;
		this.overrides = Map.copyOf(overrides);
	}

	public static Latency scaled(double scale) {
		return new Latency(scale, Map.of());
	}

	/**
	 * The simulated duration of an operation, e.g. {@code of("proxmox.clone")}. Unknown
	 * operations take no time.
	 */
	public Duration of(String operation) {
		double realistic = this.overrides.getOrDefault(operation, REALISTIC.getOrDefault(operation, 0.0));
		return Duration.ofNanos(Math.round(realistic * this.scale * 1_000_000_000L));
	}

	public double scale() {
		return this.scale;
	}

}
