package org.homelab.rollout.rehearsal.gitlab;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Whether a value has a Swagger 2.0 parameter's type as GitLab (Grape) coerces it: a
 * query or form value arrives as text, so "12" is an integer and "true" a boolean there.
 */
final class FieldTypes {

	private FieldTypes() {
	}

	/** Null when {@code value} fits {@code declared}, else the violation. */
	static String check(String name, JsonNode value, JsonNode declared) {
		String type = declared.path("type").asText("");
		boolean fits = switch (type) {
			case "integer" -> value.isIntegralNumber() || (value.isTextual() && value.asText().matches("-?\\d+"));
			case "number" -> value.isNumber() || (value.isTextual() && value.asText().matches("-?\\d+(\\.\\d+)?"));
			case "boolean" -> value.isBoolean() || (value.isTextual() && value.asText().matches("true|false"));
			case "string" -> value.isTextual() || value.isNumber();
			case "array" -> value.isArray() || value.isTextual();
			case "object" -> value.isObject();
			default -> true;
		};
		if (!fits) {
			return name + " is invalid (" + type + " expected)";
		}
		JsonNode allowed = declared.path("enum");
		if (allowed.isArray() && !allowed.isEmpty() && value.isTextual()) {
			for (JsonNode option : allowed) {
				if (option.asText().equals(value.asText())) {
					return null;
				}
			}
			return name + " does not have a valid value";
		}
		if (value.isArray()) {
			for (JsonNode item : value) {
				String error = check(name, item, declared.path("items"));
				if (error != null) {
					return error;
				}
			}
		}
		return null;
	}

}
