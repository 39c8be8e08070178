package org.homelab.rollout.proxmox;

import java.util.List;

/**
 * A worker task ended with an error exitstatus; carries the task, the exitstatus and the
 * last lines of its log.
 */
public class ProxmoxTaskFailedException extends ProxmoxException {

	private final Upid upid;

	private final String exitstatus;

	private final List<String> logTail;

	public ProxmoxTaskFailedException(Upid upid, String exitstatus, List<String> logTail) {
		super("GET /nodes/" + upid.node() + "/tasks/" + upid.text() + "/status", message(upid, exitstatus, logTail),
				ProxmoxErrors.transientMessage(exitstatus), null);
		this.upid = upid;
		this.exitstatus = exitstatus;
		this.logTail = List.copyOf(logTail);
	}

	public Upid upid() {
		return this.upid;
	}

	public String exitstatus() {
		return this.exitstatus;
	}

	public List<String> logTail() {
		return this.logTail;
	}

	private static String message(Upid upid, String exitstatus, List<String> logTail) {
		return "Proxmox VE task " + upid.type() + " of VM " + upid.id() + " on node " + upid.node() + " failed: '"
				+ exitstatus + "'. Last log lines: " + String.join(" | ", logTail) + ". Task " + upid.text()
				+ "; see its full log in the Proxmox GUI (node " + upid.node() + ", Tasks).";
	}

}
