package org.homelab.rollout.kubernetes;

/**
 * What {@link HelmReleaseOperations#applyChart} did: created the HelmChart, adopted one
 * with the same spec, or updated one with another spec. {@code previousJobUid} is the uid
 * of the install Job before the write (null if none), so a wait can tell the new Job from
 * the old, already Complete one. {@code createdByRun} is the rollout run that created the
 * HelmChart, as its annotation says.
 */
public record HelmChartApplied(Outcome outcome, String previousJobUid, String createdByRun) {

	/**
	 * Whether {@code run} made this HelmChart: now, or in an earlier attempt of the same
	 * step.
	 */
	public boolean createdBy(String run) {
		return this.outcome == Outcome.CREATED || (run != null && run.equals(this.createdByRun));
	}

	public enum Outcome {

		CREATED, ADOPTED, UPDATED

	}

}
