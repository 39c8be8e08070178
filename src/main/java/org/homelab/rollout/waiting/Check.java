package org.homelab.rollout.waiting;

import java.time.Duration;
import java.util.Map;

/**
 * The outcome of one look at a {@link WaitCondition}. A waiting check may say when to look again
 * ({@code lookAgainIn}), from what the awaited system reported (progress, uptime) or how long such waits took before;
 * without it the poller backs off blindly.
 */
public record Check(State state, String message, Map<String, Object> variables, String errorCode,
		Duration lookAgainIn) {

	public enum State {

		/** The wait is over; {@code variables} go to the process. */
		DONE,
		/** Not yet; {@code message} says what is awaited (shown in Cockpit as {@code waitingFor}). */
		WAITING,
		/** A modelled outcome, e.g. the task ended in error: thrown as a BPMN error to the model. */
		BPMN_ERROR,
		/** A failure no retry can mend (e.g. a Helm Job that failed): an incident at once, carrying the message. */
		FAILED

	}

	public static Check done(Map<String, Object> variables) {
		return new Check(State.DONE, null, Map.copyOf(variables), null, null);
	}

	public static Check waiting(String what) {
		return new Check(State.WAITING, what, Map.of(), null, null);
	}

	/** Not yet, and the condition knows when it is worth looking again; null means "no idea" (blind back-off). */
	public static Check waiting(String what, Duration lookAgainIn) {
		return new Check(State.WAITING, what, Map.of(), null, lookAgainIn);
	}

	public static Check failed(String message) {
		return new Check(State.FAILED, message, Map.of(), null, null);
	}

	public static Check bpmnError(String errorCode, String message) {
		return new Check(State.BPMN_ERROR, message, Map.of(), errorCode, null);
	}

}
