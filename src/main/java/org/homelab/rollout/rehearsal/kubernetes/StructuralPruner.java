package org.homelab.rollout.rehearsal.kubernetes;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the API server does to a custom resource before validating it: drops fields its
 * structural schema does not know (unless {@code x-kubernetes-preserve-unknown-fields},
 * at the root too) and fills in {@code default}s. Metadata, apiVersion and kind at the
 * root are left alone, as the server handles them itself.
 */
final class StructuralPruner {

	private StructuralPruner() {
	}

	/**
	 * Prunes and defaults {@code object} in place; returns the paths of the pruned
	 * fields.
	 */
	static List<String> pruneAndDefault(ObjectNode object, JsonNode schema) {
		List<String> pruned = new ArrayList<>();
		boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
		for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
			Map.Entry<String, JsonNode> field = it.next();
			String name = field.getKey();
			if (name.equals("metadata") || name.equals("apiVersion") || name.equals("kind")) {
				continue;
			}
			JsonNode fieldSchema = schema.path("properties").path(name);
			if (fieldSchema.isMissingNode()) {
				if (preserve) {
					continue;
				}
				pruned.add(name);
				it.remove();
			}
			else {
				walk(field.getValue(), fieldSchema, name, pruned);
			}
		}
		return pruned;
	}

	private static void walk(JsonNode node, JsonNode schema, String path, List<String> pruned) {
		if (node.isObject()) {
			walkObject((ObjectNode) node, schema, path, pruned);
		}
		else if (node.isArray() && schema.has("items")) {
			ArrayNode array = (ArrayNode) node;
			for (int i = 0; i < array.size(); i++) {
				walk(array.get(i), schema.get("items"), path + "[" + i + "]", pruned);
			}
		}
	}

	private static void walkObject(ObjectNode node, JsonNode schema, String path, List<String> pruned) {
		boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
		JsonNode properties = schema.path("properties");
		JsonNode additional = schema.path("additionalProperties");
		for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
			Map.Entry<String, JsonNode> field = it.next();
			String child = path + "." + field.getKey();
			if (properties.has(field.getKey())) {
				walk(field.getValue(), properties.get(field.getKey()), child, pruned);
			}
			else if (additional.isObject()) {
				walk(field.getValue(), additional, child, pruned);
			}
			else if (!preserve && !additional.asBoolean(false)) {
				pruned.add(child);
				it.remove();
			}
		}
		// defaults apply to absent fields of objects that are present
		properties.fields().forEachRemaining(p -> {
			if (!node.has(p.getKey()) && p.getValue().has("default")) {
				node.set(p.getKey(), p.getValue().get("default").deepCopy());
			}
		});
	}

}
