package org.homelab.rollout.rehearsal.vault;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One mapper and the lenient field reading Vault does (it accepts "a,b" for a list, "5"
 * for a number).
 */
final class Json {

	static final ObjectMapper MAPPER = new ObjectMapper();

	private Json() {
	}

	static ObjectNode object() {
		return MAPPER.createObjectNode();
	}

	static ArrayNode array(Collection<String> values) {
		ArrayNode array = MAPPER.createArrayNode();
		values.forEach(array::add);
		return array;
	}

	static String text(JsonNode body, String field, String fallback) {
		JsonNode value = (body != null) ? body.get(field) : null;
		return (value == null || value.isNull()) ? fallback : value.asText();
	}

	static int integer(JsonNode body, String field, int fallback) {
		JsonNode value = (body != null) ? body.get(field) : null;
		if (value == null || value.isNull()) {
			return fallback;
		}
		return value.isNumber() ? value.asInt() : Integer.parseInt(value.asText().trim());
	}

	static boolean bool(JsonNode body, String field, boolean fallback) {
		JsonNode value = (body != null) ? body.get(field) : null;
		if (value == null || value.isNull()) {
			return fallback;
		}
		return value.isBoolean() ? value.asBoolean() : Boolean.parseBoolean(value.asText().trim());
	}

	/**
	 * A string list given as a JSON array or as a comma-separated string, as Vault's
	 * CommaStringSlice.
	 */
	static List<String> list(JsonNode body, String field) {
		JsonNode value = (body != null) ? body.get(field) : null;
		List<String> result = new ArrayList<>();
		if (value == null || value.isNull()) {
			return result;
		}
		if (value.isArray()) {
			value.forEach(v -> result.add(v.asText().trim()));
		}
		else {
			for (String part : value.asText().split(",")) {
				result.add(part.trim());
			}
		}
		result.removeIf(String::isEmpty);
		return result;
	}

	static boolean has(JsonNode body, String field) {
		return body != null && body.hasNonNull(field);
	}

}
