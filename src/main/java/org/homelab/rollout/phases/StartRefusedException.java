package org.homelab.rollout.phases;

import jakarta.ws.rs.core.Response.Status;
import org.camunda.bpm.engine.rest.exception.InvalidRequestException;

/**
 * A phase refused to start because of its variables. It is a REST
 * {@link InvalidRequestException} on purpose: in engine-rest 7.24, POST .../start turns
 * every engine exception thrown during a start into a 500 (even
 * FormFieldValidationException, which only .../submit-form answers with 400) and passes
 * only a RestException's own status through, so this is what makes CI get a 400 with the
 * message. Tasklist's start form gets the same 400.
 */
public class StartRefusedException extends InvalidRequestException {

	private static final long serialVersionUID = 1L;

	public StartRefusedException(String message) {
		super(Status.BAD_REQUEST, message);
	}

}
