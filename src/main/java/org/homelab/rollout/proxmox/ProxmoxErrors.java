package org.homelab.rollout.proxmox;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Map;
import java.util.regex.Pattern;

import javax.net.ssl.SSLException;

/**
 * The one place that turns what Proxmox answered into exceptions: status, PVE's reason
 * line and per-parameter errors, whether it is transient, and what the operator should
 * do.
 */
final class ProxmoxErrors {

	/** 500s worth repeating: locks held by another task, cluster file system timeouts. */
	private static final Pattern TRANSIENT_500 = Pattern.compile(
			"(?i).*(VM is locked|can't lock file|got timeout|lock request timeout|cfs-lock|try again|timed out).*");

	private ProxmoxErrors() {
	}

	static ProxmoxException fromStatus(String call, int status, String reason, Map<String, String> errors) {
		boolean transientFault = status == 502 || status == 503 || status == 504 || status == 596
				|| (status == 500 && transientMessage(reason));
		StringBuilder message = new StringBuilder("Proxmox VE answered ").append(status)
			.append(" '")
			.append(reason)
			.append("' to ")
			.append(call);
		if (!errors.isEmpty()) {
			message.append("; parameter errors: ").append(errors);
		}
		message.append(". ").append(advice(status, transientFault));
		return new ProxmoxApiException(call, message.toString(), status, reason, errors, transientFault);
	}

	static ProxmoxException fromTransport(String call, IOException ex) {
		if (ex instanceof SSLException) {
			return new ProxmoxException(call,
					"TLS to Proxmox VE failed on " + call + ": " + ex.getMessage()
							+ ". Check inventory.proxmox.fingerprint (the node's SHA-256 certificate fingerprint) or "
							+ "inventory.proxmox.ca-file.",
					false, ex);
		}
		String what = (ex instanceof InterruptedIOException) ? "no answer in time" : ex.getMessage();
		return new ProxmoxException(call,
				"Proxmox VE did not answer " + call + " (" + what
						+ "); retried. If it persists, check that the node is up and inventory.proxmox.url is right.",
				true, ex);
	}

	static boolean transientMessage(String message) {
		return message != null && TRANSIENT_500.matcher(message).matches();
	}

	private static String advice(int status, boolean transientFault) {
		if (transientFault) {
			return "Transient; retried with back-off.";
		}
		return switch (status) {
			case 400 ->
				"Proxmox refused the parameters: fix the inventory values behind them; repeating will not help.";
			case 401 -> "Check the API token: inventory.proxmox.token-id and its secret (file or environment).";
			case 403 -> "The API token lacks a privilege for this call: grant it in Datacenter > Permissions.";
			case 501 -> "This Proxmox VE version does not offer the call.";
			default -> "Check the node in the Proxmox GUI; repeating the same call will likely fail the same way.";
		};
	}

}
