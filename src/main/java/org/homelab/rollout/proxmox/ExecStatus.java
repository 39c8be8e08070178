package org.homelab.rollout.proxmox;

/**
 * A guest process started by {@code exec}: {@code exitCode}, {@code out} and {@code err}
 * are set once it exited.
 */
public record ExecStatus(boolean exited, Integer exitCode, String out, String err) {

	public boolean succeeded() {
		return this.exited && this.exitCode != null && this.exitCode == 0;
	}

}
