package org.homelab.rollout.rehearsal.proxmox;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The node's wall clock as the lab runs it: at latency scale, so a lab day passes in
 * {@code scale} real days (0.01: under 15 minutes) and scheduled backup jobs come round
 * as they would. Set it to just before a schedule to see the job run. A scale of 0 keeps
 * real time, as that lab has no time to scale.
 */
final class LabClock {

	private final double scale;

	private Instant labOrigin;

	private long realOrigin;

	LabClock(double scale) {
		this.scale = scale;
		set(Instant.now());
	}

	synchronized Instant now() {
		long elapsed = System.nanoTime() - this.realOrigin;
		long labNanos = (this.scale > 0) ? Math.round(elapsed / this.scale) : elapsed;
		return this.labOrigin.plusNanos(labNanos);
	}

	/** From now on the clock reads {@code labTime} and runs on from there. */
	synchronized void set(Instant labTime) {
		this.labOrigin = labTime;
		this.realOrigin = System.nanoTime();
	}

	/** How long real time takes until the clock reads {@code labTime} (zero if past). */
	Duration realDelayUntil(Instant labTime) {
		Duration lab = Duration.between(now(), labTime);
		if (lab.isNegative()) {
			return Duration.ZERO;
		}
		return (this.scale > 0) ? Duration.ofNanos(Math.round(lab.toNanos() * this.scale)) : lab;
	}

	/** Whole seconds, as PBS names snapshots and vzdump its archives. */
	Instant nowSeconds() {
		return now().truncatedTo(ChronoUnit.SECONDS);
	}

}
