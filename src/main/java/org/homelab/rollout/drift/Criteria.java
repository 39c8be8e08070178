package org.homelab.rollout.drift;

/** The names the phases' checks give a criterion's variables. */
final class Criteria {

	static final String MET = "Met";

	static final String RESULT = "Result";

	private Criteria() {
	}

	static String criterion(String metVariable) {
		return metVariable.substring(0, metVariable.length() - MET.length());
	}

}
