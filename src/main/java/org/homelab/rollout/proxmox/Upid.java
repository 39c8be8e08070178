package org.homelab.rollout.proxmox;

/**
 * A worker task's id, {@code UPID:node:pid:pstart:starttime:type:id:user:}. Only the
 * node, type and id are read from it; the text is kept as Proxmox gave it.
 */
public record Upid(String text) {

	public Upid {
		if (text == null || !text.startsWith("UPID:") || text.split(":", -1).length < 9) {
			throw new IllegalArgumentException("not a Proxmox task id (UPID:node:...): '" + text + "'");
		}
	}

	public String node() {
		return part(1);
	}

	/** e.g. qmclone, qmstart, qmdestroy. */
	public String type() {
		return part(5);
	}

	/** The VMID the task works on (for a clone: the source). */
	public String id() {
		return part(6);
	}

	private String part(int index) {
		return this.text.split(":", -1)[index];
	}

	@Override
	public String toString() {
		return this.text;
	}

}
