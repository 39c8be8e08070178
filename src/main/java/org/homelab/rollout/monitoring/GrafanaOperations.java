package org.homelab.rollout.monitoring;

import java.util.List;

/**
 * The Grafana HTTP API of one server. Credentials are passed per call as an
 * {@code Authorization} value and never kept or logged.
 */
public interface GrafanaOperations {

	/** The server's URL. */
	String base();

	/**
	 * 200 with {@code database: ok} when Grafana can serve (no authentication). @see "GET
	 * /api/health"
	 */
	Health health();

	/** Dashboards visible to the caller. @see "GET /api/search?type=dash-db" */
	List<Dashboard> dashboards(String authorization);

	/** Whether the credentials authenticate. @see "GET /api/user" */
	boolean authenticates(String authorization);

	/**
	 * A Viewer service account of that name (created unless it exists) and a new token
	 * for it; the token is secret.
	 * @see "GET /api/serviceaccounts/search", "POST /api/serviceaccounts",
	 * "POST /api/serviceaccounts/:id/tokens"
	 */
	String viewerToken(String admin, String account, String tokenName);

	record Health(boolean healthy, String detail) {
	}

	record Dashboard(String uid, String title, String folder) {
	}

}
