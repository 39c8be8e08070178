package org.homelab.rollout.rehearsal;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Drops the prose of a parsed contract (descriptions and the like) in place: the lab's
 * checks read names, types and constraints only, and the prose is about a third of the
 * contracts' text, which the lab would otherwise hold for its whole life. Only textual
 * values go, so a property that happens to be called {@code description} (a schema, an
 * object) stays.
 */
public final class ContractProse {

	private ContractProse() {
	}

	/** {@code node} without any textual value under one of {@code keys}, at any depth. */
	public static JsonNode strip(JsonNode node, Set<String> keys) {
		if (node == null) {
			return null;
		}
		if (node.isObject()) {
			Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
			while (fields.hasNext()) {
				Map.Entry<String, JsonNode> field = fields.next();
				if (field.getValue().isTextual() && keys.contains(field.getKey())) {
					fields.remove();
				}
				else {
					strip(field.getValue(), keys);
				}
			}
		}
		else if (node.isArray()) {
			node.forEach(element -> strip(element, keys));
		}
		return node;
	}

}
