package org.homelab.rollout.rehearsal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Decides, per system and operation, whether a call fails and how: by rate (deterministic
 * under the lab's seed) or on the Nth call. The fakes ask it once per call of an
 * operation and act the fault out as the real system would.
 */
public final class FaultInjector {

	/**
	 * What goes wrong. Each fake maps the kinds it supports onto its real system's
	 * answer.
	 */
	public enum Kind {

		/** HTTP 500 with the system's error body. */
		HTTP_500,
		/** HTTP 503. */
		HTTP_503,
		/** No answer until the client gives up. */
		TIMEOUT,
		/** Proxmox: "VM is locked (clone)". */
		VM_LOCKED,
		/** Proxmox: the task ends with an error exitstatus. */
		TASK_ERROR,
		/** K3s helm-controller: the install Job fails. */
		JOB_FAILED,
		/** Proxmox Backup Server: the datastore has no space left for a backup. */
		DATASTORE_FULL,
		/** Proxmox Backup Server: verify finds a chunk whose checksum is wrong. */
		CORRUPT_CHUNK

	}

	/**
	 * One rule: {@code system} and {@code operation} as the fakes name them (e.g.
	 * "proxmox", "clone"; "*" matches any operation). Either {@code rate} in [0,1] or
	 * {@code nth} (1-based; every Nth call when {@code repeat}).
	 */
	public record Rule(String system, String operation, Kind kind, double rate, int nth, boolean repeat) {

		public static Rule rate(String system, String operation, Kind kind, double rate) {
			return new Rule(system, operation, kind, rate, 0, false);
		}

		public static Rule nth(String system, String operation, Kind kind, int nth) {
			return new Rule(system, operation, kind, 0, nth, false);
		}

		/**
		 * Parses {@code system:operation:KIND@rate} (e.g.
		 * {@code proxmox:clone:TASK_ERROR@0.2}) or {@code system:operation:KIND#nth}
		 * ({@code #nth+} for every Nth call), as the lab's configuration writes them.
		 */
		public static Rule parse(String text) {
			String[] parts = text.trim().split(":");
			if (parts.length != 3 || !parts[2].matches("[A-Z_0-9]+(@[0-9.]+|#\\d+\\+?)")) {
				throw new IllegalArgumentException("fault rule '" + text
						+ "' must read system:operation:KIND@rate or system:operation:KIND#nth, e.g. "
						+ "proxmox:clone:TASK_ERROR#1");
			}
			String[] kindAndTrigger = parts[2].split("[@#]");
			Kind kind = Kind.valueOf(kindAndTrigger[0]);
			if (parts[2].contains("@")) {
				return rate(parts[0], parts[1], kind, Double.parseDouble(kindAndTrigger[1]));
			}
			boolean repeat = kindAndTrigger[1].endsWith("+");
			int nth = Integer.parseInt(kindAndTrigger[1].replace("+", ""));
			return new Rule(parts[0], parts[1], kind, 0, nth, repeat);
		}

		boolean matches(String system, String... operations) {
			return this.system.equals(system)
					&& ("*".equals(this.operation) || List.of(operations).contains(this.operation));
		}

	}

	private final List<Rule> rules;

	/** Rules a test armed for the faults it is about, dropped by {@link #disarm()}. */
	private final List<Rule> armed = new CopyOnWriteArrayList<>();

	private final long seed;

	private final Map<Rule, Random> randoms = new ConcurrentHashMap<>();

	private final Map<Rule, AtomicLong> calls = new ConcurrentHashMap<>();

	public FaultInjector(List<Rule> rules, long seed) {
		this.rules = List.copyOf(rules);
		this.seed = seed;
	}

	public static FaultInjector none() {
		return new FaultInjector(List.of(), 0);
	}

	/**
	 * Counts one call against every rule that matches it and returns the first fault that
	 * fires, if any. A call may go by several names, e.g. its own operation and "api"
	 * (any call): a rule counts it once, whichever it names.
	 */
	public Optional<Kind> next(String system, String... operations) {
		Kind fired = null;
		for (Rule rule : (this.armed.isEmpty() ? this.rules
				: Stream.concat(this.rules.stream(), this.armed.stream()).toList())) {
			if (!rule.matches(system, operations)) {
				continue;
			}
			long call = this.calls.computeIfAbsent(rule, r -> new AtomicLong()).incrementAndGet();
			boolean fires = (rule.nth() > 0) ? (rule.repeat() ? call % rule.nth() == 0 : call == rule.nth())
					: random(rule).nextDouble() < rule.rate();
			if (fires && fired == null) {
				fired = rule.kind();
			}
		}
		return Optional.ofNullable(fired);
	}

	/** Adds rules until {@link #disarm()}, counting their calls from now on. */
	public void arm(Rule... rules) {
		for (Rule rule : rules) {
			this.calls.remove(rule);
			this.armed.add(rule);
		}
	}

	public void disarm() {
		this.armed.clear();
	}

	private Random random(Rule rule) {
		return this.randoms.computeIfAbsent(rule, r -> new Random(this.seed ^ r.hashCode()));
	}

}
