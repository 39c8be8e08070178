package org.homelab.rollout.matrix;

/**
 * One ✅ of the matrix: the row's {@code service} integrates with the column's
 * {@code with}, e.g. Vault with Prometheus (Prometheus scrapes Vault's metrics).
 */
public record Cell(Service service, Service with) {

	/** The phase that makes the cell real: the later of the two services' phases. */
	public int phase() {
		return Math.max(this.service.phase(), this.with.phase());
	}

	/** e.g. {@code Vault ✅ Prometheus}. */
	public String label() {
		return this.service.planName() + " \u2705 " + this.with.planName();
	}

}
