package org.homelab.rollout.proxmox;

/**
 * The root of everything the Proxmox client throws. Messages say which call, what Proxmox
 * answered and what to do; they never hold the token secret. {@link #isTransient()} tells
 * whether repeating the same call later may succeed (5xx, timeouts, locks), as opposed to
 * a request Proxmox refused and will refuse again.
 */
public class ProxmoxException extends RuntimeException {

	private final String call;

	private final boolean transientFault;

	public ProxmoxException(String call, String message, boolean transientFault, Throwable cause) {
		super(message, cause);
		this.call = call;
		this.transientFault = transientFault;
	}

	/** The call, e.g. {@code POST /nodes/pve/qemu/9000/clone}. */
	public String call() {
		return this.call;
	}

	public boolean isTransient() {
		return this.transientFault;
	}

}
