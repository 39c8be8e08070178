package org.homelab.rollout.rehearsal.kubernetes;

/**
 * One field the API server refuses, as in a {@code Status}'s {@code details.causes}:
 * {@code reason} is {@code FieldValueInvalid}, {@code FieldValueRequired} or
 * {@code FieldValueNotSupported}.
 */
record FieldError(String reason, String field, String message) {

	/**
	 * The line the API server prints, e.g.
	 * {@code spec.set.foo: Invalid value: "boolean": ...}.
	 */
	String line() {
		return this.field + ": " + this.message;
	}

}
