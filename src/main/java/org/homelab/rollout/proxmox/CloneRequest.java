package org.homelab.rollout.proxmox;

/**
 * What {@code POST /nodes/{node}/qemu/{vmid}/clone} gets: the new VMID and name, a full
 * copy onto {@code storage}, and a description (the rollout writes its ownership mark
 * there, so the mark exists from the first moment). Immutable; build with
 * {@link #of(int, String)} and the {@code with...} methods.
 */
public final class CloneRequest {

	private final int newid;

	private final String name;

	private final String description;

	private final String storage;

	private final boolean full;

	private CloneRequest(int newid, String name, String description, String storage, boolean full) {
		this.newid = newid;
		this.name = name;
		this.description = description;
		this.storage = storage;
		this.full = full;
	}

	/** A full clone (independent of the template) onto the template's storage. */
	public static CloneRequest of(int newid, String name) {
		return new CloneRequest(newid, name, null, null, true);
	}

	public CloneRequest withDescription(String description) {
		return new CloneRequest(this.newid, this.name, description, this.storage, this.full);
	}

	/** Target storage of a full clone. */
	public CloneRequest withStorage(String storage) {
		return new CloneRequest(this.newid, this.name, this.description, storage, this.full);
	}

	public int newid() {
		return this.newid;
	}

	public String name() {
		return this.name;
	}

	Form form() {
		return new Form().add("newid", this.newid)
			.add("name", this.name)
			.add("full", this.full)
			.add("storage", this.storage)
			.add("description", this.description);
	}

}
