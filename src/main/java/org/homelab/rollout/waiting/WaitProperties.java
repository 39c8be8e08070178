package org.homelab.rollout.waiting;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Poller timing: how often it fetches, the back-off between looks at one wait that does not say when to look again
 * (initial, doubling, capped), how long a look holds its wait's lock, how many times a failing look is retried and
 * how long apart before it becomes an incident.
 */
@ConfigurationProperties("rollout.waits")
public record WaitProperties(@DefaultValue("200ms") Duration pollInterval, @DefaultValue("1s") Duration initialBackoff,
		@DefaultValue("30s") Duration maxBackoff, @DefaultValue("5m") Duration lockDuration,
		@DefaultValue("5") int retries, @DefaultValue("10s") Duration retryBackoff) {

	/**
	 * The pause after the given (1-based) look that found the condition still unmet: the condition's own estimate
	 * when it gave one (at least a poll interval, at most a lock duration), else the back-off.
	 */
	Duration pause(Duration lookAgainIn, int looks) {
		if (lookAgainIn == null) {
			return backoff(looks);
		}
		Duration atLeast = (lookAgainIn.compareTo(this.pollInterval) < 0) ? this.pollInterval : lookAgainIn;
		return (atLeast.compareTo(this.lockDuration) > 0) ? this.lockDuration : atLeast;
	}

	/** The pause after the given (1-based) look that found the condition still unmet. */
	Duration backoff(int looks) {
		long millis = this.initialBackoff.toMillis() << Math.min(looks - 1, 20);
		return Duration.ofMillis(Math.min(millis, this.maxBackoff.toMillis()));
	}

}
