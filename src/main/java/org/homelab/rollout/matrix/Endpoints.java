package org.homelab.rollout.matrix;

/**
 * The TCP ports a service serves, 0 where it has none.
 *
 * @param ui the web UI people reach through the frontend's reverse proxy
 * @param api the API other services and the engine call
 * @param metrics where Prometheus scrapes the service itself
 */
public record Endpoints(int ui, int api, int metrics) {

	/** Every VM the rollout creates runs a node exporter here, scraped by Prometheus. */
	public static final int NODE_EXPORTER = 9100;

	public boolean hasUi() {
		return this.ui > 0;
	}

	public boolean hasApi() {
		return this.api > 0;
	}

	public boolean hasMetrics() {
		return this.metrics > 0;
	}

}
