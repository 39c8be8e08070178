package org.homelab.rollout.waiting;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When the poller fetches next: after the poll interval (to find new waits), or earlier,
 * just after the lock of a wait it put off expires, so a look is not late by up to a
 * whole interval. Holds only this poller's own locks.
 */
final class LookSchedule {

	/**
	 * fetchAndLock takes tasks whose lock expired strictly before now: fetch a moment
	 * after the expiry.
	 */
	static final Duration AFTER_EXPIRY = Duration.ofMillis(2);

	private final Map<String, Instant> expiries = new ConcurrentHashMap<>();

	void lockedUntil(String taskId, Instant expiry) {
		this.expiries.put(taskId, expiry);
	}

	void forget(String taskId) {
		this.expiries.remove(taskId);
	}

	/** Only these waits are still this poller's: forget the others. */
	void retain(Set<String> taskIds) {
		this.expiries.keySet().retainAll(taskIds);
	}

	/**
	 * A fetch at {@code now} takes every wait whose lock has expired: they are no longer
	 * due.
	 */
	void fetched(Instant now) {
		this.expiries.values().removeIf(expiry -> !expiry.isAfter(now));
	}

	/**
	 * The pause before the next fetch: the poll interval, or less when a lock expires
	 * sooner.
	 */
	Duration next(Instant now, Duration pollInterval) {
		Duration next = pollInterval;
		for (Instant expiry : this.expiries.values()) {
			Duration until = Duration.between(now, expiry).plus(AFTER_EXPIRY);
			if (until.compareTo(next) < 0) {
				next = until.isNegative() ? Duration.ZERO : until;
			}
		}
		return next;
	}

}
