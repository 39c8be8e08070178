package org.homelab.rollout.argocd;

import java.io.IOException;
import java.io.InterruptedIOException;

import javax.net.ssl.SSLException;

/**
 * The one place that turns what Argo CD answered (a {@code runtimeError}: {@code code},
 * {@code error}, {@code message}, {@code details}), or a transport failure, into the
 * client's exceptions: which call, what Argo CD said, whether it is transient, and what
 * the operator should do. The caller scrubs secrets from what Argo CD said before it gets
 * here.
 */
final class ArgoCdErrors {

	private ArgoCdErrors() {
	}

	static ArgoCdApiException fromStatus(String call, int status, int code, String said) {
		// gRPC Unavailable (14), DeadlineExceeded (4), ResourceExhausted (8) and
		// Aborted (10) may pass; the rest is Argo CD's considered answer
		boolean transientFault = status == 429 || status >= 500 && code != 2 && code != 13 || code == 14 || code == 4
				|| code == 10 || code == 8;
		String message = "Argo CD answered " + status + ((code != 0) ? " (gRPC code " + code + ")" : "") + " '" + said
				+ "' to " + call + ". " + advice(status, code, transientFault, said);
		return new ArgoCdApiException(call, message, status, code, said, transientFault);
	}

	static ArgoCdException fromTransport(String call, IOException ex) {
		if (ex instanceof SSLException) {
			return new ArgoCdException(call, "TLS to Argo CD failed on " + call + ": " + ex.getMessage()
					+ ". Check rollout.argocd.ca-file (the CA that signed the address' certificate) and rollout.argocd.url.",
					false, ex);
		}
		String what = (ex instanceof InterruptedIOException) ? "no answer in time" : ex.getMessage();
		return new ArgoCdException(call,
				"Argo CD did not answer " + call + " (" + what
						+ "); transient, retried with back-off. If it persists, check that the argo-cd release's"
						+ " argocd-server pods are Ready in namespace argocd and that rollout.argocd.url reaches them.",
				true, ex);
	}

	static ArgoCdException notJson(String call) {
		return new ArgoCdException(call, "Argo CD's answer to " + call + " is not JSON: check that rollout.argocd.url"
				+ " points at argocd-server itself, not at a portal or another service.", false, null);
	}

	static ArgoCdException noPassword(String call) {
		return new ArgoCdException(call,
				"No Argo CD admin password for " + call
						+ ": it is missing from Vault; move the initial admin password there first (or rotate it).",
				false, null);
	}

	private static String advice(int status, int code, boolean transientFault, String said) {
		if (transientFault) {
			return "Transient (Argo CD starting or busy); retried with back-off.";
		}
		if (status == 401 || code == 16) {
			return "The session login failed or expired: check that the admin password in Vault is Argo CD's current"
					+ " one (argocd account update-password changes it; the initial secret is deleted after the move).";
		}
		if (status == 403 || code == 7) {
			return "The account lacks an RBAC permission for this call (policy.csv in argocd-rbac-cm); for an object"
					+ " that does not exist, Argo CD also answers permission denied.";
		}
		if (status == 404 || code == ArgoCdApiException.NOT_FOUND) {
			return "Not there: create it first, or check the name.";
		}
		if (status == 409 || code == ArgoCdApiException.ALREADY_EXISTS) {
			return "It exists already: look it up and adopt it.";
		}
		if (said != null && said.contains("use upsert flag")) {
			return "It exists with a different spec: repeat with upsert to replace it, or adopt it as it is.";
		}
		if (code == 9) {
			return "Argo CD refuses it in the current state (e.g. a project still used by applications): remove what"
					+ " depends on it first.";
		}
		return "Argo CD refused the request: fix the values behind it (see argocd-server's log); repeating will not help.";
	}

}
