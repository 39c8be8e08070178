package org.homelab.rollout.rehearsal.proxmox;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Checks request parameters against one method's {@code parameters} schema in the order
 * and with the messages of PVE::JSONSchema::check_prop: type, format, pattern, maxLength,
 * minLength, minimum/maximum, enum.
 */
final class ParameterCheck {

	private static final Pattern INDEXED = Pattern.compile("([a-z_-]+?)(\\d+)");

	/** Highest index of the "name[n]" keys PVE knows; others allow up to 255. */
	private static final Map<String, Integer> INDEX_LIMITS = Map.ofEntries(Map.entry("net", 31),
			Map.entry("ipconfig", 31), Map.entry("scsi", 30), Map.entry("ide", 3), Map.entry("sata", 5),
			Map.entry("virtio", 15), Map.entry("hostpci", 15), Map.entry("usb", 4), Map.entry("serial", 3),
			Map.entry("parallel", 2), Map.entry("numa", 7), Map.entry("virtiofs", 9));

	private final JsonNode properties;

	ParameterCheck(JsonNode parameters) {
		this.properties = parameters.path("properties");
	}

	Map<String, String> errors(Map<String, List<String>> params) {
		Map<String, String> errors = new LinkedHashMap<>();
		for (Iterator<Map.Entry<String, JsonNode>> it = this.properties.fields(); it.hasNext();) {
			Map.Entry<String, JsonNode> property = it.next();
			if (!property.getKey().endsWith("[n]") && !params.containsKey(property.getKey())
					&& !property.getValue().path("optional").asBoolean(false)) {
				errors.put(property.getKey(), "property is missing and it is not optional");
			}
		}
		for (Map.Entry<String, List<String>> param : params.entrySet()) {
			JsonNode schema = schemaOf(param.getKey());
			if (schema == null) {
				errors.put(param.getKey(),
						"property is not defined in schema and the schema does not allow additional properties");
				continue;
			}
			String requires = schema.path("requires").asText(null);
			if (requires != null && !params.containsKey(requires)) {
				errors.put(requires, "missing property - '" + param.getKey() + "' requires this property");
			}
			if ("array".equals(schema.path("type").asText())) {
				for (String value : param.getValue()) {
					check(param.getKey(), schema.path("items"), value, errors);
				}
			}
			else {
				check(param.getKey(), schema, param.getValue().get(0), errors);
			}
		}
		return errors;
	}

	private JsonNode schemaOf(String name) {
		JsonNode direct = this.properties.get(name);
		if (direct != null) {
			return direct;
		}
		Matcher indexed = INDEXED.matcher(name);
		if (indexed.matches()) {
			JsonNode schema = this.properties.get(indexed.group(1) + "[n]");
			int index = Integer.parseInt(indexed.group(2));
			if (schema != null && index <= INDEX_LIMITS.getOrDefault(indexed.group(1), 255)) {
				return schema;
			}
		}
		return null;
	}

	/**
	 * One value against one property schema; adds at most one error, as check_prop
	 * returns after the first.
	 */
	static void check(String path, JsonNode schema, String value, Map<String, String> errors) {
		String type = schema.path("type").asText("string");
		String typeError = typeError(type, value);
		if (typeError != null) {
			errors.put(path, typeError);
			return;
		}
		String formatError = Formats.check(schema.get("format"), value, path);
		if (formatError != null) {
			errors.put(path, "invalid format - " + formatError);
			return;
		}
		if (schema.hasNonNull("pattern") && !matches(schema.path("pattern").asText(), value)) {
			errors.put(path, "value does not match the regex pattern");
			return;
		}
		if (schema.hasNonNull("maxLength") && value.length() > schema.path("maxLength").asInt()) {
			errors.put(path, "value may only be " + schema.path("maxLength").asText() + " characters long");
			return;
		}
		if (schema.hasNonNull("minLength") && value.length() < schema.path("minLength").asInt()) {
			errors.put(path, "value must be at least " + schema.path("minLength").asText() + " characters long");
			return;
		}
		if (isNumber(value)) {
			double number = Double.parseDouble(value);
			if (schema.hasNonNull("maximum") && number > Double.parseDouble(schema.path("maximum").asText())) {
				errors.put(path, "value must have a maximum value of " + schema.path("maximum").asText());
				return;
			}
			if (schema.hasNonNull("minimum") && number < Double.parseDouble(schema.path("minimum").asText())) {
				errors.put(path, "value must have a minimum value of " + schema.path("minimum").asText());
				return;
			}
		}
		if (schema.has("enum")) {
			StringBuilder all = new StringBuilder();
			for (JsonNode allowed : schema.path("enum")) {
				if (allowed.asText().equals(value)) {
					return;
				}
				all.append((all.length() > 0) ? ", " : "").append(allowed.asText());
			}
			errors.put(path, "value '" + value + "' does not have a value in the enumeration '" + all + "'");
		}
	}

	private static String typeError(String type, String value) {
		boolean ok = switch (type) {
			case "boolean" -> "1".equals(value) || "0".equals(value);
			case "integer" -> value.matches("[+-]?\\d+");
			case "number" -> isNumber(value);
			default -> true;
		};
		return ok ? null : "type check ('" + type + "') failed - got '" + value + "'";
	}

	static boolean isNumber(String value) {
		return value.matches("[+-]?(\\d+\\.\\d+|\\d+\\.|\\.\\d+|\\d+)([eE][+-]?\\d+)?");
	}

	/**
	 * Perl's {@code m/^$pattern$/}: anchored without grouping, so alternations anchor
	 * only at their ends.
	 */
	private static boolean matches(String pattern, String value) {
		try {
			return Pattern.compile("^" + pattern + "$").matcher(value).find();
		}
		catch (PatternSyntaxException ex) {
			return true; // a Perl-only construct: accept rather than refuse what PVE
							// would take
		}
	}

}
