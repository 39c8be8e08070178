package org.homelab.rollout.kubernetes;

/**
 * What {@link HelmReleaseOperations#applyChart} did: created the HelmChart, adopted one with the same spec, or updated
 * one with another spec. {@code previousJobUid} is the uid of the install Job before the write (null if none), so a
 * wait can tell the new Job from the old, already Complete one.
 */
public record HelmChartApplied(Outcome outcome, String previousJobUid) {

	public enum Outcome {

		CREATED, ADOPTED, UPDATED

	}

}
