package org.homelab.rollout.waiting;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * One look at a wait: the variables the condition declared, when the wait began (the
 * external task's creation, kept in the engine's database, so deadlines counted from it
 * survive a restart), and a memory the condition may keep between looks at this one wait
 * (e.g. how much of a task log it read). The poller owns that memory and drops it when
 * the wait ends, is cancelled or moves to another engine node; it is never persisted, so
 * it must hold nothing secret and nothing a look could not do without.
 */
public final class Look {

	private final Map<String, Object> variables;

	private final Instant since;

	private final Instant at;

	private Object memory;

	public Look(Map<String, Object> variables, Instant since, Instant at, Object memory) {
		// a variable set to null is as good as absent; Map.copyOf would refuse it
		this.variables = Collections.unmodifiableMap(new HashMap<>(variables));
		this.since = since;
		this.at = at;
		this.memory = memory;
	}

	/** A look at a wait that began just now, with nothing remembered (e.g. in tests). */
	public static Look at(Map<String, Object> variables, Instant since) {
		return new Look(variables, since, Instant.now(), null);
	}

	public Map<String, Object> variables() {
		return this.variables;
	}

	/**
	 * A variable the model must have set: its absence is a modelling error, reported as
	 * such.
	 */
	public <T> T required(String name, Class<T> type) {
		Object value = this.variables.get(name);
		if (!type.isInstance(value)) {
			throw new IllegalStateException(
					"The wait needs the process variable '" + name + "' as " + type.getSimpleName() + ", but it is "
							+ ((value == null) ? "not set" : "a " + value.getClass().getSimpleName())
							+ ": check the model's input mapping for this wait.");
		}
		return type.cast(value);
	}

	/** A variable that may be absent. */
	public <T> T optional(String name, Class<T> type) {
		Object value = this.variables.get(name);
		return type.isInstance(value) ? type.cast(value) : null;
	}

	/** When the wait began, as the engine recorded it. */
	public Instant since() {
		return this.since;
	}

	/** How long the wait has run at this look. */
	public Duration elapsed() {
		return Duration.between(this.since, this.at);
	}

	/**
	 * What this condition remembered at an earlier look at this wait, if it is of the
	 * given type.
	 */
	public <T> T remembered(Class<T> type) {
		return type.isInstance(this.memory) ? type.cast(this.memory) : null;
	}

	/**
	 * Remember something for the next look at this wait (nothing secret: see the class
	 * comment).
	 */
	public void remember(Object memory) {
		this.memory = memory;
	}

	Object memory() {
		return this.memory;
	}

}
