package org.homelab.rollout.rehearsal.kubernetes;

import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Translates a CRD's {@code openAPIV3Schema} (the Kubernetes structural subset of OpenAPI
 * v3) into JSON Schema draft 4, which networknt validates. Unknown fields are not refused
 * here: the API server prunes them first.
 */
final class OpenApiSchemas {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private OpenApiSchemas() {
	}

	static ObjectNode toJsonSchema(JsonNode openApi) {
		ObjectNode out = NODES.objectNode();
		for (Iterator<Map.Entry<String, JsonNode>> it = openApi.fields(); it.hasNext();) {
			Map.Entry<String, JsonNode> field = it.next();
			String key = field.getKey();
			JsonNode value = field.getValue();
			switch (key) {
				case "properties" -> out.set(key, eachValue(value));
				case "items", "not" -> out.set(key, value.isObject() ? toJsonSchema(value) : value);
				case "additionalProperties" -> out.set(key, value.isObject() ? toJsonSchema(value) : value);
				case "allOf", "anyOf", "oneOf" -> out.set(key, eachElement(value));
				// documentation, defaults (applied by the pruner) and Kubernetes
				// extensions are no JSON Schema
				case "description", "example", "externalDocs", "default", "format", "nullable" -> {
				}
				default -> {
					if (!key.startsWith("x-")) {
						out.set(key, value);
					}
				}
			}
		}
		if (openApi.path("x-kubernetes-int-or-string").asBoolean(false)) {
			out.remove("type");
			if (!out.has("anyOf")) {
				out.set("anyOf", NODES.arrayNode().add(type("integer")).add(type("string")));
			}
		}
		if (openApi.path("nullable").asBoolean(false) && out.has("type")) {
			out.set("type", NODES.arrayNode().add(out.get("type")).add("null"));
		}
		return out;
	}

	private static ObjectNode type(String name) {
		return NODES.objectNode().put("type", name);
	}

	private static ObjectNode eachValue(JsonNode properties) {
		ObjectNode out = NODES.objectNode();
		properties.fields().forEachRemaining(e -> out.set(e.getKey(), toJsonSchema(e.getValue())));
		return out;
	}

	private static ArrayNode eachElement(JsonNode schemas) {
		ArrayNode out = NODES.arrayNode();
		schemas.forEach(s -> out.add(toJsonSchema(s)));
		return out;
	}

}
