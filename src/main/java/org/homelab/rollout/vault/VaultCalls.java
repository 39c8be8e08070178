package org.homelab.rollout.vault;

import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
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

	/** How often a call Vault answered with a transient fault is repeated at once. */
	private static final int RETRIES = 2;

	/**
	 * The call, repeated twice at once when Vault answered with a fault it did not act on
	 * (429, 503) or, for a read, any server error or no answer: a step of many calls (the
	 * configuration check reads a dozen paths) would otherwise fail whenever any one of
	 * them does. No pause here (the engine's threads never sleep): the back-off is the
	 * step's job retry. A write that got no answer is not repeated here: Vault may have
	 * acted on it, and the step's retry looks first.
	 */
	static <T> T call(VaultTarget target, String call, String advice, Supplier<T> action) {
		for (int attempt = 0;; attempt++) {
			try {
				return callOnce(target, call, advice, action);
			}
			catch (VaultCallException ex) {
				if (attempt >= RETRIES || !repeatable(call, ex)) {
					throw ex;
				}
			}
		}
	}

	private static boolean repeatable(String call, VaultCallException ex) {
		int status = ex.status();
		boolean read = call.startsWith("GET ") || call.startsWith("LIST ");
		return status == 429 || status == 503 || (read && (status >= 500 || timedOut(ex)));
	}

	/** No answer in time; a refused connection or a TLS failure would only repeat. */
	private static boolean timedOut(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof HttpTimeoutException || cause instanceof SocketTimeoutException) {
				return true;
			}
		}
		return false;
	}

	private static <T> T callOnce(VaultTarget target, String call, String advice, Supplier<T> action) {
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
			int status = status(ex);
			// a server error says nothing of the caller's rights or input: the advice for
			// a refusal would mislead
			String what = (status >= 500) ? "Vault failed on its side; transient, the step is retried with back-off."
					: advice;
			throw new VaultCallException(
					"Vault at " + target + " refused " + call + ": " + ex.getMessage() + ". " + what, status, ex);
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
