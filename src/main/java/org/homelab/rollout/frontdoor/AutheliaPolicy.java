package org.homelab.rollout.frontdoor;

/**
 * Authelia's policies a front-door rule may carry. {@code bypass} is for services with a
 * login of their own (nginx then asks Authelia nothing); {@code deny} is no way to expose
 * a service, so it is not offered.
 */
public enum AutheliaPolicy {

	ONE_FACTOR("one_factor"), TWO_FACTOR("two_factor"), BYPASS("bypass");

	private final String value;

	AutheliaPolicy(String value) {
		this.value = value;
	}

	/** The word Authelia's configuration uses. */
	public String value() {
		return this.value;
	}

	/** Whether nginx asks Authelia before it lets a request through. */
	public boolean guarded() {
		return this != BYPASS;
	}

}
