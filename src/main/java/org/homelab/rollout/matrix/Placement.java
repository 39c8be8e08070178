package org.homelab.rollout.matrix;

/**
 * Where a service runs: on a VM of the inventory (by its name), on the existing frontend
 * server, or in K3s.
 *
 * @param kind which of the three
 * @param vm the inventory's VM name for {@link Kind#VM}, else null
 */
public record Placement(Kind kind, String vm) {

	public static final Placement FRONTEND = new Placement(Kind.FRONTEND, null);

	public static final Placement K3S = new Placement(Kind.K3S, null);

	public static Placement vm(String name) {
		return new Placement(Kind.VM, name);
	}

	public boolean onVm() {
		return this.kind == Kind.VM;
	}

	@Override
	public String toString() {
		return onVm() ? "VM " + this.vm : this.kind.name().toLowerCase(java.util.Locale.ROOT);
	}

	public enum Kind {

		VM, FRONTEND, K3S

	}

}
