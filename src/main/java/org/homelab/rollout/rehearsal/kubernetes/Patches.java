package org.homelab.rollout.rehearsal.kubernetes;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.zjsonpatch.JsonPatch;

/**
 * Applies a PATCH body to the stored object, so the lab can check the result against a
 * CRD schema before storing it. Custom resources take JSON patches and merge patches;
 * strategic merge is refused, as the API server does.
 */
final class Patches {

	static final String JSON_PATCH = "application/json-patch+json";

	static final String MERGE_PATCH = "application/merge-patch+json";

	static final String APPLY_PATCH = "application/apply-patch+yaml";

	private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

	private Patches() {
	}

	/** Null when the patch type is not one a custom resource accepts. */
	static ObjectNode apply(String contentType, String current, String patch) {
		String type = (contentType == null) ? JSON_PATCH : contentType.split(";")[0].trim();
		if (type.equals(JSON_PATCH)) {
			// zjsonpatch speaks Jackson 3, as fabric8 8 does
			var result = JsonPatch.apply(Serialization.jsonMapper().readTree(patch),
					Serialization.jsonMapper().readTree(current));
			return (ObjectNode) parse(result.toString());
		}
		if (type.equals(MERGE_PATCH)) {
			return (ObjectNode) merge(parse(current), parse(patch));
		}
		return null;
	}

	/** RFC 7386: objects merge key by key, null removes, anything else replaces. */
	static JsonNode merge(JsonNode target, JsonNode patch) {
		if (!patch.isObject()) {
			return patch.deepCopy();
		}
		ObjectNode result = target.isObject() ? (ObjectNode) target.deepCopy() : ContractCrds.json().createObjectNode();
		patch.fields().forEachRemaining(e -> {
			if (e.getValue().isNull()) {
				result.remove(e.getKey());
			}
			else {
				result.set(e.getKey(), merge(result.path(e.getKey()), e.getValue()));
			}
		});
		return result;
	}

	static JsonNode parse(String json) {
		try {
			return ContractCrds.json().readTree(json);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Apply configurations arrive as YAML or JSON. */
	static JsonNode parseYaml(String yaml) {
		try {
			return YAML.readTree(yaml);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
