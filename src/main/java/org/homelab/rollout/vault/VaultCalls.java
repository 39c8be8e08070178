package org.homelab.rollout.vault;

import java.util.function.Supplier;

import org.springframework.vault.VaultException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

/**
 * Turns Spring Vault's and the HTTP client's failures into messages naming Vault, the
 * call, its answer and what to do, in this one place. Vault never echoes a request body
 * or token in its errors, so quoting it is safe. The {@link VaultCallException} carries
 * Vault's HTTP status for callers that expect one.
 */
final class VaultCalls {

	private VaultCalls() {
	}

	static <T> T call(VaultTarget target, String call, String advice, Supplier<T> action) {
		try {
			return action.get();
		}
		catch (ResourceAccessException ex) {
			throw new VaultCallException("Vault at " + target + " did not answer " + call + " (" + rootMessage(ex)
					+ "). Check that the vault unit runs on its VM, that the address and port are "
					+ "right, and that its TLS certificate is issued by the configured CA; the step is retried.", 0,
					ex);
		}
		catch (VaultException | RestClientException ex) {
			throw new VaultCallException(
					"Vault at " + target + " refused " + call + ": " + ex.getMessage() + ". " + advice, status(ex), ex);
		}
	}

	static void run(VaultTarget target, String call, String advice, Runnable action) {
		call(target, call, advice, () -> {
			action.run();
			return null;
		});
	}

	/**
	 * Spring Vault keeps the HTTP client's exception as the cause of its own: the status
	 * is read from there.
	 */
	private static int status(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof RestClientResponseException response) {
				return response.getStatusCode().value();
			}
		}
		return 0;
	}

	private static String rootMessage(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause.getClass().getSimpleName() + ": " + cause.getMessage();
	}

}
