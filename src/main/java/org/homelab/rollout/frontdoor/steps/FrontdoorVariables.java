package org.homelab.rollout.frontdoor.steps;

/**
 * The variables of {@code expose-service} and {@code unexpose-service}. Paths and marks
 * only: the files' contents go from the frontend to the frontend within one job and never
 * into a variable (Authelia's file may hold secrets).
 */
final class FrontdoorVariables {

	/** In: the service's name, one of {@code ExposedServices.names()}. */
	static final String SERVICE = "frontdoorService";

	/** Out of expose-service, in to unexpose-service: what the exposure added. */
	static final String SITE_ADDED = "frontdoorSiteAdded";

	static final String RULE_ADDED = "frontdoorRuleAdded";

	static final String ENTRY_ADDED = "frontdoorEntryAdded";

	/** Internal: the script that puts the staged files in place (no secrets). */
	static final String SCRIPT = "frontdoorScript";

	/** Out: the service's address through the front door. */
	static final String URL = "frontdoorUrl";

	private FrontdoorVariables() {
	}

}
