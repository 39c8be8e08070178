package org.homelab.rollout.vault.steps;

import java.nio.file.Files;
import java.nio.file.Path;

import org.camunda.bpm.engine.delegate.VariableScope;

/**
 * The values of {@link VaultVariables#ROOT_STATE}, and which way a lost root token is
 * generated again: by the engine while the plain shares file is still on its host, else
 * by the share holders.
 */
final class RootStates {

	static final String HELD = "HELD";

	static final String NONE = "NONE";

	static final String SHARES_FILE = "SHARES_FILE";

	static final String HOLDERS = "HOLDERS";

	private RootStates() {
	}

	static String recovery(VariableScope variables) {
		String file = (String) variables.getVariable(VaultVariables.SHARES_FILE);
		return (file != null && Files.isRegularFile(Path.of(file))) ? SHARES_FILE : HOLDERS;
	}

	/**
	 * Whether this run initialised the Vault and has not revoked its root token yet: then
	 * a root token is still valid in Vault even when a restart made the engine forget it.
	 */
	static boolean ownRootUnrevoked(VariableScope variables) {
		return "UNINITIALIZED".equals(variables.getVariable(VaultVariables.PHASE))
				&& !Boolean.TRUE.equals(variables.getVariable(VaultVariables.ROOT_TOKEN_REVOKED));
	}

}
