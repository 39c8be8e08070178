package org.homelab.rollout.frontdoor;

/**
 * A frontend file that cannot be edited safely, or whose edited form its program would
 * refuse: the message names the file, what is wrong and (where it helps) what to do.
 */
public class FrontdoorConfigurationException extends RuntimeException {

	public FrontdoorConfigurationException(String message, Throwable cause) {
		super(message, cause);
	}

}
