package org.homelab.rollout.waiting;

import java.util.Set;

/**
 * What an external task of the given topic waits for. {@link #check} looks once (one
 * remote call, no sleeping) and says whether the wait is over; when to look again is the
 * poller's business, never the condition's. A thrown exception is a failure: retried with
 * back-off, then an incident carrying its message, so messages must say which system,
 * which call, what it answered and what to do.
 */
public interface WaitCondition {

	String topic();

	/** The process variables a look reads: only these are fetched with the wait. */
	Set<String> variables();

	/**
	 * Which waits of this topic take alike long, from the variables alone (no remote
	 * call): e.g. a Proxmox task's type or a script's name. The poller learns typical
	 * durations per topic and kind; the topic alone by default.
	 */
	default String kind(Look look) {
		return "";
	}

	Check check(Look look);

	/**
	 * What a person should check when this wait went unmet past its deadline
	 * ({@code rollout.waits.deadlines}): the incident says what was awaited (the last
	 * look's message), this says where to look and what to do. One or two sentences.
	 */
	default String overdue(Look look) {
		return "Check the system named above: that what this waits for was started (the step before this wait) "
				+ "and what its logs say.";
	}

}
