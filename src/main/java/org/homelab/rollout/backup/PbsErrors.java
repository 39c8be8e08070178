package org.homelab.rollout.backup;

import java.io.IOException;
import java.io.InterruptedIOException;

import javax.net.ssl.SSLException;

/**
 * The one place that turns what Proxmox Backup Server answered into exceptions: status,
 * PBS's message, whether it is transient, and what the operator should do.
 */
final class PbsErrors {

	private PbsErrors() {
	}

	static PbsException fromStatus(String call, int status, String reason) {
		boolean transientFault = status == 502 || status == 503 || status == 504
				|| (status == 500 && transientMessage(reason));
		String message = "Proxmox Backup Server answered " + status + " '" + reason + "' to " + call + ". "
				+ advice(status, transientFault);
		return new PbsApiException(call, message, status, reason, transientFault);
	}

	static PbsException fromTransport(String call, IOException ex) {
		if (ex instanceof SSLException) {
			return new PbsException(call, "TLS to Proxmox Backup Server failed on " + call + ": " + ex.getMessage()
					+ ". Check the server's certificate fingerprint in the inventory (the PBS dashboard shows it)"
					+ " or its CA file; nothing was sent.", false, ex);
		}
		String what = (ex instanceof InterruptedIOException) ? "no answer in time" : ex.getMessage();
		return new PbsException(call, "Proxmox Backup Server did not answer " + call + " (" + what
				+ "). If it persists, check that the proxmox-backup VM runs and proxmox-backup-proxy listens on 8007.",
				true, ex);
	}

	/** Locks another task holds, timeouts: worth repeating. */
	static boolean transientMessage(String message) {
		return message != null && message.matches("(?is).*(unable to acquire lock|timed out|timeout|try again).*");
	}

	private static String advice(int status, boolean transientFault) {
		if (transientFault) {
			return "Transient; retried with back-off.";
		}
		return switch (status) {
			case 400 -> "PBS refused the parameters: fix the inventory values behind them; repeating will not help.";
			case 401 -> "Sign-in failed: check the token or password the engine reads from Vault for this server.";
			case 403 -> "The credentials lack a privilege for this call: grant it under Configuration > Access "
					+ "Control > Permissions.";
			case 404 -> "PBS does not know the object or the call (a different PBS version?).";
			default -> "Check the server's task log in the PBS GUI; repeating the same call will likely fail the "
					+ "same way.";
		};
	}

}
