package org.homelab.rollout.eso;

import org.springframework.core.NestedRuntimeException;

/**
 * The root of the External Secrets wiring's own errors; messages say what is missing and
 * what to do.
 */
public class EsoException extends NestedRuntimeException {

	public EsoException(String message) {
		super(message);
	}

	public EsoException(String message, Throwable cause) {
		super(message, cause);
	}

}
