package org.homelab.rollout.vault;

import org.springframework.core.NestedRuntimeException;

/**
 * The root of the Vault client's errors. Messages say which Vault, which call, what it
 * answered and what a person can do, and never carry a share or token.
 */
public class VaultSetupException extends NestedRuntimeException {

	public VaultSetupException(String message) {
		super(message);
	}

	public VaultSetupException(String message, Throwable cause) {
		super(message, cause);
	}

}
