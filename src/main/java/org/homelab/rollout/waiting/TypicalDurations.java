package org.homelab.rollout.waiting;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * How long waits of a kind (e.g. "proxmox qmclone") took on this engine: the median of the last few, in memory, so a
 * condition with nothing better to go on looks again when such a wait typically ends, then in small steps. After a
 * restart it backs off blindly until it has learned again.
 *
 * <p>A wait is over somewhere between the last look that found it unmet and the look that found it over; it is
 * recorded as the (geometric) middle of that bracket, narrowed to one step before the end when the earlier look was
 * long before (a look right at the start says nothing about the end). A wait found over at its first look (adopted,
 * or looked at first after a restart) teaches nothing. The first look goes a little before the typical end and then
 * in small steps, so the next bracket is narrow. A wide bracket (over a quarter of the wait, as blind doubling gives)
 * around the typical end says little: once others were seen, it no longer counts. A wide one wholly before or after
 * the typical end does count: such waits got shorter or longer.
 */
@Component
public class TypicalDurations {

	static final int KEPT = 9;

	/** Past the typical end, look again every this part of it. */
	static final int STEPS = 40;

	private static final int OPEN_WAITS = 1000;

	private final Map<String, Deque<Seen>> seen = new HashMap<>();

	/** The elapsed time at the last look that found each open wait unmet. */
	private final Map<String, Duration> unmet = new LinkedHashMap<>() {
		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Duration> eldest) {
			return size() > OPEN_WAITS;
		}
	};

	/** The median of the recent waits of this kind (leaving out vague ones, unless all are), if any ended yet. */
	public synchronized Optional<Duration> typical(String kind) {
		Deque<Seen> waits = this.seen.get(kind);
		if (waits == null || waits.isEmpty()) {
			return Optional.empty();
		}
		boolean telling = waits.stream().anyMatch(w -> !w.vague());
		List<Duration> took = waits.stream().filter(w -> !telling || !w.vague()).map(Seen::took).sorted().toList();
		return Optional.of(took.get((took.size() - 1) / 2));
	}

	/**
	 * When to look again at a wait of this kind that has run for {@code elapsed}: a twentieth before its typical end,
	 * then in steps of a fortieth of it up to a little past that end, then in steps of half the time since (growing by
	 * half each look: doubling overshot a typical end learned too short by up to the whole gap); empty when nothing
	 * was learned yet.
	 */
	public Optional<Duration> lookAgainIn(String kind, Duration elapsed) {
		return typical(kind).map(typical -> {
			Duration step = typical.dividedBy(STEPS);
			Duration first = typical.minus(step.multipliedBy(2));
			if (elapsed.compareTo(first) < 0) {
				return first.minus(elapsed);
			}
			Duration past = elapsed.minus(first);
			return (past.compareTo(step.multipliedBy(4)) > 0) ? past.dividedBy(2) : step;
		});
	}

	/** A look found the wait ({@code wait} names it, e.g. by its task) still unmet after {@code elapsed}. */
	public synchronized void unmet(String wait, Duration elapsed) {
		this.unmet.put(wait, elapsed);
	}

	/** A look found the wait over after {@code elapsed}: learn how long it took. */
	public synchronized void over(String kind, String wait, Duration elapsed) {
		Duration before = this.unmet.remove(wait);
		if (before == null) {
			return;
		}
		Duration lastUnmet = (before.compareTo(elapsed) > 0) ? Duration.ZERO : before;
		Optional<Duration> typical = typical(kind);
		boolean vague = elapsed.minus(lastUnmet).compareTo(elapsed.dividedBy(4)) > 0
				&& typical.map(t -> lastUnmet.compareTo(t) <= 0 && elapsed.compareTo(t) >= 0).orElse(true);
		Duration from = lastUnmet;
		if (typical.isPresent() && elapsed.minus(from).compareTo(typical.get().dividedBy(STEPS)) > 0) {
			from = elapsed.minus(typical.get().dividedBy(STEPS));
		}
		Duration took = from.isZero() ? elapsed.dividedBy(2)
				: Duration.ofNanos(Math.round(Math.sqrt((double) from.toNanos() * elapsed.toNanos())));
		Deque<Seen> durations = this.seen.computeIfAbsent(kind, k -> new ArrayDeque<>());
		durations.addLast(new Seen(took, vague));
		if (durations.size() > KEPT) {
			durations.removeFirst();
		}
	}

	/** How long one wait took, and whether its bracket was wide around the typical end of the time. */
	private record Seen(Duration took, boolean vague) {
	}

	/** The wait ended otherwise (failed, cancelled): nothing to learn. */
	public synchronized void forget(String wait) {
		this.unmet.remove(wait);
	}

}
