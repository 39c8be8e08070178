package org.homelab.rollout.vault;

import java.util.function.Supplier;

import org.springframework.vault.VaultException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientException;

/**
 * Turns Spring Vault's and the HTTP client's failures into messages naming Vault, the call, its answer and what to
 * do, in this one place. Vault never echoes a request body or token in its errors, so quoting it is safe.
 */
final class VaultCalls {

	private VaultCalls() {
	}

	static <T> T call(VaultTarget target, String call, String advice, Supplier<T> action) {
		try {
			return action.get();
		}
		catch (ResourceAccessException ex) {
			throw new VaultSetupException("Vault at " + target + " did not answer " + call + " ("
					+ rootMessage(ex) + "). Check that the vault unit runs on its VM, that the address and port are "
					+ "right, and that its TLS certificate is issued by the configured CA; the step is retried.", ex);
		}
		catch (VaultException | RestClientException ex) {
			throw new VaultSetupException("Vault at " + target + " refused " + call + ": " + ex.getMessage()
					+ ". " + advice, ex);
		}
	}

	static void run(VaultTarget target, String call, String advice, Runnable action) {
		call(target, call, advice, () -> {
			action.run();
			return null;
		});
	}

	private static String rootMessage(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause.getClass().getSimpleName() + ": " + cause.getMessage();
	}

}
