package org.homelab.rollout.engine;

import jakarta.ws.rs.core.Response.Status;
import org.camunda.bpm.engine.rest.exception.InvalidRequestException;

/**
 * A task completion or a process start refused because its variables do not fit the form.
 * A REST {@link InvalidRequestException} on purpose: engine-rest 7.24 keeps a
 * RestException's status on every path (task complete and submit-form, process start and
 * submit-form, Tasklist's own API), while it answers 500 for an engine exception thrown
 * during a start. Nothing has moved when it is thrown: the task stays open, no instance
 * exists.
 */
public class FormInputRefusedException extends InvalidRequestException {

	private static final long serialVersionUID = 1L;

	FormInputRefusedException(String message) {
		super(Status.BAD_REQUEST, message);
	}

}
