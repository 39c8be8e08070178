package org.homelab.rollout.waiting;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Poller timing: how often it fetches waits it was not told of (a wait created on this
 * node is looked at at once; one created on another node of a cluster, or due when this
 * node was down, within this), the blind back-off between looks at a wait of a kind
 * nothing is known of (initial times {@code typicalScale}, doubling, capped), how long a
 * look holds its wait's lock, how many times a failing look is retried and how long apart
 * before it becomes an incident, how often it drops what it keeps of waits cancelled
 * meanwhile ({@code sweep}), and {@code typical}: how long waits of a kind take on this
 * homelab ({@code <topic> <kind>}, else {@code <topic>}; e.g.
 * {@code "[proxmox-task qmstart]": 5s}) until the engine has learned it, times
 * {@code typicalScale} (a faster homelab, or the rehearsal lab, whose time runs at its
 * latency scale); {@code lookThreads}: how many waits are looked at at once (each look is
 * one remote call: fifty VMs booting must not wait for each other's looks);
 * {@code deadlines}: how long a wait of a kind ({@code <topic> <kind>}, else
 * {@code <topic>}, else {@code deadline}) may go unmet before it fails as an incident
 * saying what it waited for and what to check, so no wait waits without end (not scaled:
 * the rehearsal lab is slower than its scale under load, never faster).
 */
@ConfigurationProperties("rollout.waits")
public record WaitProperties(@DefaultValue("1s") Duration pollInterval, @DefaultValue("1s") Duration initialBackoff,
		@DefaultValue("30s") Duration maxBackoff, @DefaultValue("5m") Duration lockDuration,
		@DefaultValue("5") int retries, @DefaultValue("10s") Duration retryBackoff, @DefaultValue("30s") Duration sweep,
		Map<String, Duration> typical, @DefaultValue("1") double typicalScale, @DefaultValue("4") int lookThreads,
		Map<String, Duration> deadlines, @DefaultValue("1h") Duration deadline) {

	public WaitProperties {
		typical = (typical != null) ? Map.copyOf(typical) : Map.of();
		deadlines = (deadlines != null) ? Map.copyOf(deadlines) : Map.of();
	}

	/**
	 * The deadline of waits of this kind ({@code <topic> <kind>}), and the setting it
	 * comes from.
	 */
	Deadline deadlineOf(String kind) {
		String topic = kind.split(" ", 2)[0];
		if (this.deadlines.containsKey(kind)) {
			return new Deadline(this.deadlines.get(kind), "rollout.waits.deadlines[" + kind + "]");
		}
		if (this.deadlines.containsKey(topic)) {
			return new Deadline(this.deadlines.get(topic), "rollout.waits.deadlines[" + topic + "]");
		}
		return new Deadline(this.deadline, "rollout.waits.deadline");
	}

	record Deadline(Duration after, String setting) {
	}

}
