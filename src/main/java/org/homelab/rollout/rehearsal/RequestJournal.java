package org.homelab.rollout.rehearsal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Every request the lab answered, with the schema verdict: tests and benchmarks read it
 * to count requests per provisioned VM and to assert that no request the product sent
 * violated a published contract.
 */
public final class RequestJournal {

	/**
	 * {@code verdict} is "ok", "unchecked" (no contract loaded) or the violation as the
	 * server would report it.
	 */
	public record Entry(Instant at, String system, String method, String path, int status, String verdict) {

		public boolean violation() {
			return !"ok".equals(this.verdict) && !"unchecked".equals(this.verdict);
		}

	}

	private final List<Entry> entries = new CopyOnWriteArrayList<>();

	private final List<Consumer<Entry>> listeners = new CopyOnWriteArrayList<>();

	/**
	 * How long a held answer waits: far longer than a test needs to see the hold and kill
	 * the engine that asked, short enough that a forgotten hold ends.
	 */
	public static final Duration HOLD = Duration.ofSeconds(60);

	/**
	 * A request to hold once: the first whose journal line ({@link #line}) matches
	 * {@code match}, after some earlier request matched {@code after} (null: any time).
	 * Its effect is applied; its answer waits {@link #HOLD}, so whoever asked is caught
	 * in the middle of it, where a crash test kills it (docs/testing.md).
	 */
	public record Hold(String name, Pattern match, Pattern after) {

	}

	/** A hold that caught a request. */
	public record Held(String name, Entry entry) {

	}

	private final List<Hold> armed = new CopyOnWriteArrayList<>();

	private final List<Held> held = new CopyOnWriteArrayList<>();

	/**
	 * Records a request the lab answered and answers how long its answer must wait: zero,
	 * or {@link #HOLD} when an armed hold caught it.
	 */
	public Duration record(String system, String method, String path, int status, String verdict) {
		Entry entry = new Entry(Instant.now(), system, method, path, status, verdict);
		this.entries.add(entry);
		this.listeners.forEach(listener -> listener.accept(entry));
		return this.armed.isEmpty() ? Duration.ZERO : hold(entry);
	}

	private synchronized Duration hold(Entry entry) {
		String line = line(entry);
		for (Hold hold : this.armed) {
			if (hold.match().matcher(line).matches() && (hold.after() == null || this.entries.stream()
				.filter(earlier -> earlier != entry)
				.anyMatch(earlier -> hold.after().matcher(line(earlier)).matches()))) {
				this.armed.remove(hold);
				this.held.add(new Held(hold.name(), entry));
				return HOLD;
			}
		}
		return Duration.ZERO;
	}

	/** Replaces the armed holds (each fires once). */
	public synchronized void arm(List<Hold> holds) {
		this.armed.clear();
		this.armed.addAll(holds);
	}

	/** The holds that caught a request so far, in order. */
	public List<Held> held() {
		return List.copyOf(this.held);
	}

	/**
	 * An entry as one tab-separated line: system, method, path, status, verdict (what
	 * holds match, and what a standalone lab's {@code /journal} answers).
	 */
	public static String line(Entry entry) {
		return String.join("\t", entry.system(), entry.method(), entry.path(), String.valueOf(entry.status()),
				entry.verdict());
	}

	/**
	 * {@code listener} hears of every request from now on, on the thread that answered
	 * it.
	 */
	public void listen(Consumer<Entry> listener) {
		this.listeners.add(listener);
	}

	public List<Entry> entries() {
		return List.copyOf(this.entries);
	}

	public List<Entry> entries(String system) {
		return this.entries.stream().filter(e -> e.system().equals(system)).toList();
	}

	public List<Entry> violations() {
		return this.entries.stream().filter(Entry::violation).toList();
	}

	public void clear() {
		this.entries.clear();
		this.armed.clear();
		this.held.clear();
	}

}
