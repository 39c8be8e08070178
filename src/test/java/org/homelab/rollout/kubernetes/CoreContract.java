package org.homelab.rollout.kubernetes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.homelab.rollout.rehearsal.Contracts;

/**
 * Kubernetes' core v1 OpenAPI v3 document of ../shared/contracts/kubernetes
 * ({@code api__v1_openapi.json}), read in place, checking a core object (Namespace,
 * ConfigMap, ...) as the API server's schema sees it: the kind is one the document
 * defines for {@code v1}, every field is known (no typo silently dropped), values have
 * their types, and required fields are there.
 */
final class CoreContract {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final String REF = "#/components/schemas/";

	private final JsonNode schemas;

	private CoreContract(JsonNode schemas) {
		this.schemas = schemas;
	}

	static CoreContract load() {
		Path path = Contracts.locate().dir().resolve("kubernetes").resolve("api__v1_openapi.json");
		if (!Files.isRegularFile(path)) {
			throw new IllegalStateException("core v1 contract " + path.toAbsolutePath() + " not found (contracts.dir)");
		}
		try {
			return new CoreContract(JSON.readTree(path.toFile()).path("components").path("schemas"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** What the API server would refuse or drop; empty when the object passes. */
	List<String> problems(Object object) {
		JsonNode tree = JSON.valueToTree(object);
		List<String> problems = new ArrayList<>();
		String kind = tree.path("kind").asText();
		JsonNode schema = null;
		for (Iterator<Map.Entry<String, JsonNode>> it = this.schemas.fields(); it.hasNext();) {
			Map.Entry<String, JsonNode> candidate = it.next();
			for (JsonNode gvk : candidate.getValue().path("x-kubernetes-group-version-kind")) {
				if (gvk.path("group").asText().isEmpty() && gvk.path("kind").asText().equals(kind)
						&& ("v1".equals(tree.path("apiVersion").asText()))
						&& gvk.path("version").asText().equals("v1")) {
					schema = candidate.getValue();
				}
			}
		}
		if (schema == null) {
			return List.of("no core v1 kind " + kind + " (apiVersion " + tree.path("apiVersion").asText() + ")");
		}
		check(tree, schema, "", problems);
		return problems;
	}

	private JsonNode resolve(JsonNode schema) {
		JsonNode at = schema;
		while (true) {
			if (at.has("$ref")) {
				at = this.schemas.path(at.get("$ref").asText().substring(REF.length()));
			}
			else if (at.has("allOf") && at.get("allOf").size() == 1 && !at.has("properties")) {
				at = at.get("allOf").get(0);
			}
			else {
				return at;
			}
		}
	}

	private void check(JsonNode node, JsonNode declared, String path, List<String> problems) {
		JsonNode schema = resolve(declared);
		String type = schema.path("type").asText("");
		String at = path.isEmpty() ? "(root)" : path;
		switch (type) {
			case "object" -> {
				if (!node.isObject()) {
					problems.add(at + ": object expected");
					return;
				}
				for (JsonNode required : schema.path("required")) {
					if (!node.has(required.asText())) {
						problems.add(at + ": required field " + required.asText() + " missing");
					}
				}
				for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
					Map.Entry<String, JsonNode> field = it.next();
					String next = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
					if (schema.path("properties").has(field.getKey())) {
						check(field.getValue(), schema.path("properties").get(field.getKey()), next, problems);
					}
					else if (schema.path("additionalProperties").isObject()) {
						check(field.getValue(), schema.path("additionalProperties"), next, problems);
					}
					else {
						problems.add(next + ": unknown field");
					}
				}
			}
			case "array" -> {
				if (!node.isArray()) {
					problems.add(at + ": array expected");
					return;
				}
				for (int i = 0; i < node.size(); i++) {
					check(node.get(i), schema.path("items"), path + "[" + i + "]", problems);
				}
			}
			case "string" -> {
				if (!node.isTextual()) {
					problems.add(at + ": string expected, got " + node.getNodeType());
				}
			}
			case "integer" -> {
				if (!node.isIntegralNumber()) {
					problems.add(at + ": integer expected");
				}
			}
			case "boolean" -> {
				if (!node.isBoolean()) {
					problems.add(at + ": boolean expected");
				}
			}
			default -> {
				// int-or-string, quantities and the like: any scalar
			}
		}
	}

}
