package org.homelab.rollout.waiting;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How long waits of a kind (topic, and the condition's kind within it) took: the median
 * of the last few, kept in the engine's database ({@link WaitDurationStore}), so a
 * restarted engine, or another node of a cluster, knows them too. Only the poller records
 * and reads them.
 *
 * <p>
 * A wait is over somewhere between the last look that found it unmet and the look that
 * found it over; it is recorded as the (geometric) middle of that bracket, narrowed to
 * one step before the end when the earlier look was long before. A wait found over at its
 * first look (adopted, or looked at first after a restart) teaches nothing. A wide
 * bracket (over a quarter of the wait, as blind back-off gives) around the typical end
 * says little: once others were seen, it no longer counts. A wide one wholly before or
 * after the typical end does count: such waits got shorter or longer.
 */
final class LearnedDurations {

	static final int KEPT = 9;

	/**
	 * Near the typical end, looks are this part of it apart: a wait that ends there is
	 * seen at most a hundredth late (a fortieth cost an install script of two minutes up
	 * to 3 s), for four or five more looks than a blind back-off would make.
	 */
	static final int STEPS = 100;

	private final Map<String, Deque<Seen>> seen = new HashMap<>();

	private final WaitDurationStore store;

	LearnedDurations(WaitDurationStore store) {
		this.store = store;
		store.recent(KEPT).forEach(this::remember);
	}

	/**
	 * The median of the recent waits of this kind (leaving out vague ones, unless all
	 * are), if any ended yet.
	 */
	synchronized Optional<Duration> typical(String kind) {
		List<Duration> took = counted(kind);
		return took.isEmpty() ? Optional.empty() : Optional.of(took.get((took.size() - 1) / 2));
	}

	/**
	 * The shortest of the same recent waits: where a kind that varies (Prometheus'
	 * discovery of new targets, throttled to 5 s ticks) may already be over.
	 */
	synchronized Optional<Duration> shortest(String kind) {
		List<Duration> took = counted(kind);
		return took.isEmpty() ? Optional.empty() : Optional.of(took.get(0));
	}

	/** The recent durations that count, shortest first. */
	private List<Duration> counted(String kind) {
		Deque<Seen> waits = this.seen.get(kind);
		if (waits == null || waits.isEmpty()) {
			return List.of();
		}
		boolean telling = waits.stream().anyMatch(w -> !w.vague());
		return waits.stream().filter(w -> !telling || !w.vague()).map(Seen::took).sorted().toList();
	}

	/**
	 * A look found a wait of this kind over after {@code elapsed}; the look before found
	 * it unmet after {@code lastUnmet} (null: this was its first look, which teaches
	 * nothing).
	 */
	void over(String kind, Duration lastUnmet, Duration elapsed) {
		if (lastUnmet == null) {
			return;
		}
		Duration from = (lastUnmet.compareTo(elapsed) > 0) ? Duration.ZERO : lastUnmet;
		Optional<Duration> typical = typical(kind);
		Duration bracketStart = from;
		boolean vague = elapsed.minus(from).compareTo(elapsed.dividedBy(4)) > 0
				&& typical.map(t -> bracketStart.compareTo(t) <= 0 && elapsed.compareTo(t) >= 0).orElse(true);
		if (typical.isPresent() && elapsed.minus(from).compareTo(typical.get().dividedBy(STEPS)) > 0) {
			from = elapsed.minus(typical.get().dividedBy(STEPS));
		}
		Duration took = from.isZero() ? elapsed.dividedBy(2)
				: Duration.ofNanos(Math.round(Math.sqrt((double) from.toNanos() * elapsed.toNanos())));
		Seen wait = new Seen(kind, took, vague);
		remember(wait);
		this.store.add(wait);
	}

	private synchronized void remember(Seen wait) {
		Deque<Seen> durations = this.seen.computeIfAbsent(wait.kind(), k -> new ArrayDeque<>());
		durations.addLast(wait);
		if (durations.size() > KEPT) {
			durations.removeFirst();
		}
	}

	/**
	 * How long one wait of a kind took, and whether its bracket was wide around the
	 * typical end of the time.
	 */
	record Seen(String kind, Duration took, boolean vague) {
	}

}
