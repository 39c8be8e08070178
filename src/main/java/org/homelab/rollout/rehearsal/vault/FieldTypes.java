package org.homelab.rollout.rehearsal.vault;

import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Vault's weak typing of request fields (mapstructure's WeakDecode and its own parsers):
 * "5" is an int, "true" a bool, "a,b" a list, 30 a duration. Returns the error Vault
 * would answer, or null when the value converts.
 */
final class FieldTypes {

	private static final Set<String> BOOLS = Set.of("1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE",
			"false", "False");

	private FieldTypes() {
	}

	/**
	 * {@code type}, {@code format} and {@code items} as the OpenAPI schema declares them
	 * (each may be null).
	 */
	static String check(String field, JsonNode value, String type, String format, String items) {
		if (value == null || value.isNull() || type == null) {
			return null;
		}
		String raw = value.isValueNode() ? value.asText() : value.toString();
		return switch (type) {
			case "integer" -> integer(value) ? null : error(field, raw,
					"cannot parse '" + raw + "' as int: strconv.ParseInt: parsing \"" + raw + "\": invalid syntax");
			case "number" -> (value.isNumber() || (value.isTextual() && number(raw))) ? null
					: error(field, raw, "cannot parse '" + raw + "' as float");
			case "boolean" ->
				(value.isBoolean() || value.isNumber() || (value.isTextual() && BOOLS.contains(raw.trim()))) ? null
						: error(field, raw, "cannot parse '" + raw + "' as bool: strconv.ParseBool: parsing \"" + raw
								+ "\": invalid syntax");
			case "string" -> string(field, value, raw, format);
			case "array" -> array(field, value, raw, items);
			case "object" -> (value.isObject() || ("kvpairs".equals(format) && value.isArray())) ? null
					: error(field, raw, "'' expected a map, got '" + kind(value) + "'");
			default -> null;
		};
	}

	private static String string(String field, JsonNode value, String raw, String format) {
		if (!value.isValueNode()) {
			return error(field, raw, "'' expected type 'string', got unconvertible type '" + kind(value) + "'");
		}
		if ("duration".equals(format) && !value.isNumber()) {
			try {
				Token.seconds(raw);
			}
			catch (IllegalArgumentException ex) {
				return error(field, raw, ex.getMessage());
			}
		}
		return null;
	}

	private static String array(String field, JsonNode value, String raw, String items) {
		if (value.isValueNode()) {
			return null;
		}
		if (!value.isArray()) {
			return error(field, raw, "'' source data must be an array or slice, got map");
		}
		for (JsonNode item : value) {
			if ("string".equals(items) && !item.isValueNode()) {
				return error(field, raw, "'[0]' expected type 'string', got unconvertible type '" + kind(item) + "'");
			}
		}
		return null;
	}

	private static boolean integer(JsonNode value) {
		if (value.isIntegralNumber() || value.isBoolean()) {
			return true;
		}
		if (value.isNumber()) {
			return value.asDouble() == Math.rint(value.asDouble());
		}
		if (!value.isTextual()) {
			return false;
		}
		try {
			Long.parseLong(value.asText().trim());
			return true;
		}
		catch (NumberFormatException ex) {
			return false;
		}
	}

	private static boolean number(String raw) {
		try {
			Double.parseDouble(raw.trim());
			return true;
		}
		catch (NumberFormatException ex) {
			return false;
		}
	}

	private static String kind(JsonNode value) {
		return value.isObject() ? "map[string]interface {}" : value.isArray() ? "[]interface {}" : "string";
	}

	private static String error(String field, String raw, String detail) {
		return "error converting input " + raw + " for field \"" + field + "\": " + detail;
	}

}
