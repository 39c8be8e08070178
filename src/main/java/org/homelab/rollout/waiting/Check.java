package org.homelab.rollout.waiting;

import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * The outcome of one look at a {@link WaitCondition}. A waiting check may carry when the
 * awaited system itself says it will be done ({@code doneIn}, e.g. from a copy's
 * progress); when to look again is otherwise the poller's to decide from what it learned
 * of such waits.
 */
public record Check(State state, String message, Map<String, Object> variables, String errorCode, Duration doneIn) {

	public enum State {

		/** The wait is over; {@code variables} go to the process. */
		DONE,
		/**
		 * Not yet; {@code message} says what is awaited (shown in Cockpit as
		 * {@code waitingFor}).
		 */
		WAITING,
		/**
		 * A modelled outcome, e.g. the task ended in error: thrown as a BPMN error to the
		 * model.
		 */
		BPMN_ERROR,
		/**
		 * A failure no retry can mend (e.g. a Helm Job that failed): an incident at once,
		 * carrying the message.
		 */
		FAILED

	}

	public Check {
		// a condition that forgot to say why must not break the poller: Cockpit and the
		// incident still say something
		if (message == null || message.isBlank()) {
			message = switch (state) {
				case DONE -> "done";
				case WAITING -> "(the wait gave no detail)";
				case BPMN_ERROR, FAILED -> "the wait failed without saying why";
			};
		}
		// a variable the process should see as null is kept (Map.copyOf would refuse it)
		variables = (variables != null) ? Collections.unmodifiableMap(new HashMap<>(variables)) : Map.of();
	}

	public static Check done(Map<String, Object> variables) {
		return new Check(State.DONE, null, variables, null, null);
	}

	public static Check waiting(String what) {
		return new Check(State.WAITING, what, Map.of(), null, null);
	}

	/**
	 * Not yet, and the awaited system says when it will be done (e.g. a copy's pace so
	 * far).
	 */
	public static Check waiting(String what, Duration doneIn) {
		return new Check(State.WAITING, what, Map.of(), null, doneIn);
	}

	public static Check failed(String message) {
		return new Check(State.FAILED, message, Map.of(), null, null);
	}

	public static Check bpmnError(String errorCode, String message) {
		return new Check(State.BPMN_ERROR, message, Map.of(), errorCode, null);
	}

}
