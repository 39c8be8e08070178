package org.homelab.rollout.rehearsal;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

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

	public void record(String system, String method, String path, int status, String verdict) {
		Entry entry = new Entry(Instant.now(), system, method, path, status, verdict);
		this.entries.add(entry);
		this.listeners.forEach(listener -> listener.accept(entry));
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
	}

}
