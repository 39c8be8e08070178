package org.homelab.rollout.vault;

/**
 * What converging one piece of Vault's configuration did; only CREATED is undone by
 * compensation.
 */
public enum Outcome {

	CREATED, UPDATED, UNCHANGED

}
