package org.homelab.rollout.gitlab;

import java.io.IOException;
import java.io.InterruptedIOException;

import javax.net.ssl.SSLException;

/**
 * The one place that turns what GitLab answered, or a transport failure, into the
 * client's exceptions: status, what GitLab said, whether it is transient, and what the
 * operator should do. The caller scrubs the token from what GitLab said before it gets
 * here.
 */
final class GitlabErrors {

	private GitlabErrors() {
	}

	static GitlabApiException fromStatus(String call, int status, String said) {
		boolean transientFault = status == 429 || status >= 500;
		String message = "GitLab answered " + status + " '" + said + "' to " + call + ". "
				+ advice(status, transientFault, said);
		return new GitlabApiException(call, message, status, said, transientFault);
	}

	static GitlabException fromTransport(String call, IOException ex) {
		if (ex instanceof SSLException) {
			return new GitlabException(call,
					"TLS to GitLab failed on " + call + ": " + ex.getMessage()
							+ ". Check the CA file the client trusts (the front door's) and the GitLab address.",
					false, ex);
		}
		String what = (ex instanceof InterruptedIOException) ? "no answer in time" : ex.getMessage();
		return new GitlabException(call, "GitLab did not answer " + call + " (" + what
				+ "); transient, retried with back-off. If it persists, check that GitLab is up (/-/readiness).", true,
				ex);
	}

	private static String advice(int status, boolean transientFault, String said) {
		if (transientFault) {
			return "Transient (GitLab starting or busy); retried with back-off.";
		}
		return switch (status) {
			case 401 -> "The engine's GitLab token is invalid, revoked or expired: rotate it (step rotate-gitlab-token)"
					+ " or create a new one with gitlab-rails runner and store it in Vault.";
			case 403 -> "The engine's GitLab token lacks a scope or role for this call"
					+ ((said != null && said.contains("insufficient_scope")) ? " (insufficient_scope)" : "")
					+ ": it needs scope api (create_runner for runners) as an administrator; rotate it with those"
					+ " scopes (step rotate-gitlab-token).";
			case 404 -> "Not there, or hidden from the engine's token.";
			case 409 -> "It exists already: look it up and adopt it.";
			case 400 -> (said != null && said.contains("cannot revert this commit"))
					? "A later commit changed what this commit changed, so GitLab cannot revert it on its own:"
							+ " revert it by hand in GitLab (the commit's Options, Revert) or restore the files, then"
							+ " retry; the retry skips commits already reverted."
					: (said != null && said.contains("has already been taken"))
							? "It exists already: look it up and adopt it."
							: "GitLab refused the parameters: fix the inventory values behind them; repeating will not help.";
			case 422 -> (said != null && said.contains("has already been taken"))
					? "It exists already: look it up and adopt it."
					: "GitLab refused the parameters: fix the inventory values behind them; repeating will not help.";
			default -> "Check GitLab's logs (gitlab-ctl tail); repeating the same call will likely fail the same way.";
		};
	}

}
