package org.homelab.rollout.waiting;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Poller timing: how often it fetches, the back-off between looks at one wait (initial, doubling, capped), how many
 * times a failing look is retried and how long apart before it becomes an incident.
 */
@ConfigurationProperties("rollout.waits")
public record WaitProperties(@DefaultValue("200ms") Duration pollInterval, @DefaultValue("1s") Duration initialBackoff,
		@DefaultValue("30s") Duration maxBackoff, @DefaultValue("5m") Duration lockDuration,
		@DefaultValue("5") int retries, @DefaultValue("10s") Duration retryBackoff) {

	/** The pause after the given (1-based) look that found the condition still unmet. */
	Duration backoff(int looks) {
		long millis = this.initialBackoff.toMillis() << Math.min(looks - 1, 20);
		return Duration.ofMillis(Math.min(millis, this.maxBackoff.toMillis()));
	}

}
