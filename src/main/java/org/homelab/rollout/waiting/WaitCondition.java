package org.homelab.rollout.waiting;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

/**
 * What an external task of the given topic waits for. {@link #check} looks once (one remote call, no sleeping) and
 * says whether the wait is over. A thrown exception is a failure: retried with back-off, then an incident carrying
 * its message, so messages must say which system, which call, what it answered and what to do.
 *
 * <p>The variables include {@link #WAITING_SINCE}: when this wait began (the external task's creation, kept in the
 * engine's database, so deadlines and estimates measured from it survive a restart).
 */
public interface WaitCondition {

	/** A {@link java.util.Date}: when the wait began. Given to every look, not stored as a process variable. */
	String WAITING_SINCE = "waitingSince";

	String topic();

	Check check(Map<String, Object> variables);

	/** When the wait began, from the variables a look receives (null if unknown). */
	static Instant since(Map<String, Object> variables) {
		return (variables.get(WAITING_SINCE) instanceof Date date) ? date.toInstant() : null;
	}

	/** How long the wait has run, from its start as the engine recorded it (zero if unknown). */
	static Duration elapsed(Map<String, Object> variables) {
		Instant since = since(variables);
		return (since != null) ? Duration.between(since, Instant.now()) : Duration.ZERO;
	}

}
