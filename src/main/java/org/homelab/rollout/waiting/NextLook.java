package org.homelab.rollout.waiting;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * When the poller looks at a wait again, decided in this one place:
 * <ol>
 * <li>when the awaited system said it will be done ({@link Check#doneIn});</li>
 * <li>else from how long waits of its kind typically take as learned
 * ({@link LearnedDurations}): a fiftieth before that end, then in steps of a hundredth up
 * to a little past it, then growing by half each look (doubling overshot an end learned
 * too short by up to the whole gap); a kind whose recent waits varied from the shortest
 * of them on, in eighths of the spread;</li>
 * <li>else, with a typical duration configured ({@code rollout.waits.typical}), the blind
 * back-off below, but never past a fiftieth before that end, then as above;</li>
 * <li>else blindly: the initial back-off (times the typical scale), doubling,
 * capped.</li>
 * </ol>
 * Always at least {@link #FLOOR} and at most a lock duration away.
 */
final class NextLook {

	/**
	 * A look is a remote call: however soon the system says it is done, not more than
	 * this often.
	 */
	static final Duration FLOOR = Duration.ofMillis(20);

	/** Looks between the shortest recent wait of a kind and its typical end. */
	static final int SPREAD_LOOKS = 8;

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
		Duration pause;
		if (doneIn != null) {
			pause = doneIn;
		}
		else {
			// a configured figure is a guess about someone else's homelab: look blindly
			// meanwhile, not past its end
			pause = this.learned.typical(kind)
				.map(typical -> fromTheShortest(typical, this.learned.shortest(kind).orElse(typical), elapsed))
				.or(() -> configured(kind).map(typical -> min(backoff(looks), nearTheEnd(typical, elapsed))))
				.orElseGet(() -> backoff(looks));
		}
		if (pause.compareTo(FLOOR) < 0) {
			return FLOOR;
		}
		return (pause.compareTo(this.properties.lockDuration()) > 0) ? this.properties.lockDuration() : pause;
	}

	/** Configured for this kind, else for its topic (the kind's first word), scaled. */
	Optional<Duration> configured(String kind) {
		Map<String, Duration> configured = this.properties.typical();
		return Optional.ofNullable(configured.getOrDefault(kind, configured.get(kind.split(" ", 2)[0])))
			.map(typical -> Duration.ofNanos(Math.round(typical.toNanos() * this.properties.typicalScale())));
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

	/**
	 * A kind whose recent waits varied is looked at from a fiftieth before the shortest
	 * of them on, {@link #SPREAD_LOOKS} looks across the spread to the typical end, then
	 * as near that end: a wait over early is seen at most an eighth of the spread late,
	 * not when the typical one would be (Prometheus' discovery, 2 to 7 s, was seen at the
	 * median's 5 s). A kind that does not vary is looked at as before.
	 */
	static Duration fromTheShortest(Duration typical, Duration shortest, Duration elapsed) {
		Duration first = aFiftiethBefore(typical);
		Duration start = aFiftiethBefore(shortest);
		if (start.compareTo(first) >= 0 || elapsed.compareTo(first) >= 0) {
			return nearTheEnd(typical, elapsed);
		}
		if (elapsed.compareTo(start) < 0) {
			return start.minus(elapsed);
		}
		Duration across = first.minus(start).dividedBy(SPREAD_LOOKS);
		Duration left = first.minus(elapsed);
		return (across.compareTo(left) < 0) ? across : left;
	}

	static Duration nearTheEnd(Duration typical, Duration elapsed) {
		Duration step = typical.dividedBy(LearnedDurations.STEPS);
		Duration first = aFiftiethBefore(typical);
		if (elapsed.compareTo(first) < 0) {
			return first.minus(elapsed);
		}
		Duration past = elapsed.minus(first);
		return (past.compareTo(step.multipliedBy(4)) > 0) ? past.dividedBy(2) : step;
	}

	/** Where looks at an end begin: two steps of a hundredth before it. */
	private static Duration aFiftiethBefore(Duration end) {
		return end.minus(end.dividedBy(LearnedDurations.STEPS).multipliedBy(2));
	}

	/**
	 * Blind, on this homelab's time: a homelab ten times faster (the rehearsal lab at its
	 * latency scale) is looked at ten times sooner, as its typical durations are scaled.
	 */
	private Duration backoff(int looks) {
		long initial = Math.round(this.properties.initialBackoff().toMillis() * this.properties.typicalScale());
		long millis = Math.max(initial, 1) << Math.min(looks - 1, 20);
		return Duration.ofMillis(Math.min(millis, this.properties.maxBackoff().toMillis()));
	}

}
