package org.homelab.rollout.kubernetes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.homelab.rollout.rehearsal.Contracts;

/**
 * A CRD of ../shared/contracts/crds, read in place, checking objects independently of the
 * lab: every field must be known to the structural schema (the API server would silently
 * prune it) and the object must validate.
 */
final class CrdContract {

	private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private final JsonNode openApi;

	private CrdContract(JsonNode openApi) {
		this.openApi = openApi;
	}

	static CrdContract load(String file) {
		Path path = Contracts.locate().dir().resolve("crds").resolve(file);
		if (!Files.isRegularFile(path)) {
			throw new IllegalStateException("CRD contract " + path.toAbsolutePath() + " not found (contracts.dir)");
		}
		try {
			JsonNode crd = YAML.readTree(path.toFile());
			for (JsonNode version : crd.path("spec").path("versions")) {
				if (version.path("storage").asBoolean(false)) {
					return new CrdContract(version.path("schema").path("openAPIV3Schema"));
				}
			}
			throw new IllegalStateException("CRD contract " + path + " has no storage version");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** What the API server would refuse or prune; empty when the object passes. */
	List<String> problems(Object object) {
		JsonNode tree;
		try {
			tree = new ObjectMapper().readTree(Serialization.asJson(object));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		List<String> problems = new ArrayList<>();
		unknownFields(tree, this.openApi, "", problems);
		Set<ValidationMessage> messages = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4)
			.getSchema(toJsonSchema(this.openApi))
			.validate(tree);
		messages.forEach(m -> problems.add(m.getMessage()));
		return problems;
	}

	private static void unknownFields(JsonNode node, JsonNode schema, String path, List<String> problems) {
		if (node.isObject()) {
			boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
			for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
				Map.Entry<String, JsonNode> field = it.next();
				String at = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
				if (path.isEmpty() && Set.of("apiVersion", "kind", "metadata").contains(field.getKey())) {
					continue;
				}
				if (schema.path("properties").has(field.getKey())) {
					unknownFields(field.getValue(), schema.path("properties").get(field.getKey()), at, problems);
				}
				else if (schema.path("additionalProperties").isObject()) {
					unknownFields(field.getValue(), schema.path("additionalProperties"), at, problems);
				}
				else if (!preserve) {
					problems.add(at + ": unknown field (would be pruned)");
				}
			}
		}
		else if (node.isArray() && schema.has("items")) {
			for (int i = 0; i < node.size(); i++) {
				unknownFields(node.get(i), schema.get("items"), path + "[" + i + "]", problems);
			}
		}
	}

	/**
	 * The structural OpenAPI v3 subset as JSON Schema draft 4 (nullable, int-or-string;
	 * extensions dropped).
	 */
	private static ObjectNode toJsonSchema(JsonNode openApi) {
		ObjectNode out = NODES.objectNode();
		openApi.fields().forEachRemaining(field -> {
			String key = field.getKey();
			JsonNode value = field.getValue();
			switch (key) {
				case "properties" -> {
					ObjectNode properties = out.putObject(key);
					value.fields().forEachRemaining(p -> properties.set(p.getKey(), toJsonSchema(p.getValue())));
				}
				case "items", "additionalProperties", "not" ->
					out.set(key, value.isObject() ? toJsonSchema(value) : value);
				case "allOf", "anyOf", "oneOf" -> {
					ArrayNode all = out.putArray(key);
					value.forEach(v -> all.add(toJsonSchema(v)));
				}
				case "description", "example", "default", "format", "nullable" -> {
				}
				default -> {
					if (!key.startsWith("x-")) {
						out.set(key, value);
					}
				}
			}
		});
		if (openApi.path("x-kubernetes-int-or-string").asBoolean(false)) {
			out.remove("type");
			if (!out.has("anyOf")) {
				out.putArray("anyOf")
					.add(NODES.objectNode().put("type", "integer"))
					.add(NODES.objectNode().put("type", "string"));
			}
		}
		if (openApi.path("nullable").asBoolean(false) && out.has("type")) {
			out.set("type", NODES.arrayNode().add(out.get("type")).add("null"));
		}
		return out;
	}

}
