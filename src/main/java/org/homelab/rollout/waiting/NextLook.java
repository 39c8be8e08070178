package org.homelab.rollout.waiting;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * When the poller looks at a wait again, decided in this one place:
 * <ol>
 * <li>when the awaited system said it will be done ({@link Check#doneIn});</li>
 * <li>else from how long waits of its kind typically take, learned
 * ({@link LearnedDurations}) or configured ({@code rollout.waits.typical}): a twentieth
 * before that end, then in steps of a fortieth up to a little past it, then growing by
 * half each look (doubling overshot an end learned too short by up to the whole
 * gap);</li>
 * <li>else blindly: the initial back-off, doubling, capped.</li>
 * </ol>
 * Always at least {@link #FLOOR} and at most a lock duration away.
 */
final class NextLook {

	/**
	 * A look is a remote call: however soon the system says it is done, not more than
	 * this often.
	 */
	static final Duration FLOOR = Duration.ofMillis(20);

	private final WaitProperties properties;

	private final LearnedDurations learned;

	NextLook(WaitProperties properties, LearnedDurations learned) {
		this.properties = properties;
		this.learned = learned;
	}

	/**
	 * The pause after a look ({@code looks} so far, 1-based) that found a wait of this
	 * kind unmet after {@code elapsed}.
	 */
	Duration after(String kind, Duration elapsed, int looks, Duration doneIn) {
		Duration pause = (doneIn != null) ? doneIn
				: typical(kind).map(typical -> nearTheEnd(typical, elapsed)).orElseGet(() -> backoff(looks));
		if (pause.compareTo(FLOOR) < 0) {
			return FLOOR;
		}
		return (pause.compareTo(this.properties.lockDuration()) > 0) ? this.properties.lockDuration() : pause;
	}

	/**
	 * Learned for this kind, else configured for it, else configured for its topic (the
	 * kind's first word).
	 */
	Optional<Duration> typical(String kind) {
		Map<String, Duration> configured = this.properties.typical();
		Duration typical = configured.getOrDefault(kind, configured.get(kind.split(" ", 2)[0]));
		return this.learned.typical(kind)
			.or(() -> Optional.ofNullable(typical)
				.map(t -> Duration.ofNanos(Math.round(t.toNanos() * this.properties.typicalScale()))));
	}

	static Duration nearTheEnd(Duration typical, Duration elapsed) {
		Duration step = typical.dividedBy(LearnedDurations.STEPS);
		Duration first = typical.minus(step.multipliedBy(2));
		if (elapsed.compareTo(first) < 0) {
			return first.minus(elapsed);
		}
		Duration past = elapsed.minus(first);
		return (past.compareTo(step.multipliedBy(4)) > 0) ? past.dividedBy(2) : step;
	}

	private Duration backoff(int looks) {
		long millis = this.properties.initialBackoff().toMillis() << Math.min(looks - 1, 20);
		return Duration.ofMillis(Math.min(millis, this.properties.maxBackoff().toMillis()));
	}

}
