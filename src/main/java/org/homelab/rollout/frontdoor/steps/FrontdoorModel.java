package org.homelab.rollout.frontdoor.steps;

import org.homelab.rollout.inventory.Inventory;

import org.springframework.stereotype.Component;

/** What the front door's models read in expressions: the frontend server's VM name. */
@Component
public class FrontdoorModel {

	private final Inventory inventory;

	FrontdoorModel(Inventory inventory) {
		this.inventory = inventory;
	}

	public String getFrontendVmName() {
		return this.inventory.frontend().vmName();
	}

}
