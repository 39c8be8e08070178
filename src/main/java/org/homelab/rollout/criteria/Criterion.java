package org.homelab.rollout.criteria;

/**
 * One success criterion checked against the live systems: the steps set it as
 * {@code <key>Met} and {@code <key>Result} for the gate's form. An unreachable system is
 * a criterion not met, never an error.
 *
 * @param met whether the criterion holds
 * @param result what was found, for a person (never a secret)
 */
public record Criterion(boolean met, String result) {

	public static Criterion met(String result) {
		return new Criterion(true, result);
	}

	public static Criterion unmet(String result) {
		return new Criterion(false, result);
	}

	/** Met only if both are; the results joined. */
	public Criterion and(Criterion other) {
		return new Criterion(this.met && other.met, this.result + "; " + other.result);
	}

}
