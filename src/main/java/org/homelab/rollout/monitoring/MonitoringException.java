package org.homelab.rollout.monitoring;

import org.springframework.core.NestedRuntimeException;

/**
 * Monitoring could not go on: the message says which system or file, what it answered,
 * and what to do.
 */
public class MonitoringException extends NestedRuntimeException {

	public MonitoringException(String message) {
		super(message);
	}

	public MonitoringException(String message, Throwable cause) {
		super(message, cause);
	}

}
