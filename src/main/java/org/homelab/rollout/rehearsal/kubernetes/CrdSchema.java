package org.homelab.rollout.rehearsal.kubernetes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * One served version of a contract CRD: prunes, defaults and validates objects as the API
 * server does, and words refusals the way it words them
 * ({@code spec.x: Invalid value: "boolean": spec.x in body must be of type ...}). An
 * unchecked one (the lab's own, where the contract is absent) keeps any object.
 */
record CrdSchema(String group, String version, String kind, String plural, boolean namespaced,
		boolean statusSubresource, JsonNode openApi, Validator validator, boolean checked) {

	private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);

	static CrdSchema of(String group, String version, String kind, String plural, boolean namespaced,
			boolean statusSubresource, JsonNode openApi) {
		return new CrdSchema(group, version, kind, plural, namespaced, statusSubresource, openApi,
				new Validator(openApi), true);
	}

	static CrdSchema unchecked(String group, String version, String kind, String plural, boolean namespaced,
			boolean statusSubresource, JsonNode openApi) {
		return new CrdSchema(group, version, kind, plural, namespaced, statusSubresource, openApi,
				new Validator(openApi), false);
	}

	/**
	 * The compiled schema, made when the first object of the kind is written: a lab whose
	 * runs never write Argo CD applications never holds their (large) schema compiled.
	 */
	static final class Validator {

		private final JsonNode openApi;

		private JsonSchema schema;

		Validator(JsonNode openApi) {
			this.openApi = openApi;
		}

		synchronized JsonSchema schema() {
			if (this.schema == null) {
				this.schema = FACTORY.getSchema(OpenApiSchemas.toJsonSchema(this.openApi));
			}
			return this.schema;
		}

	}

	String qualifiedKind() {
		return this.kind + "." + this.group;
	}

	/**
	 * Prunes unknown fields and applies defaults in place, then lists what the server
	 * would refuse.
	 */
	List<FieldError> admit(ObjectNode object) {
		StructuralPruner.pruneAndDefault(object, this.openApi);
		Map<String, List<ValidationMessage>> byField = new LinkedHashMap<>();
		for (ValidationMessage message : this.validator.schema().validate(object)) {
			byField.computeIfAbsent(field(message), f -> new ArrayList<>()).add(message);
		}
		List<FieldError> errors = new ArrayList<>();
		byField.forEach((field, messages) -> errors.add(describe(field, messages)));
		return errors;
	}

	private static String field(ValidationMessage message) {
		String at = message.getInstanceLocation().toString().replaceFirst("^\\$\\.?", "");
		if ("required".equals(message.getType())) {
			return at.isEmpty() ? message.getProperty() : at + "." + message.getProperty();
		}
		return at;
	}

	private static FieldError describe(String field, List<ValidationMessage> messages) {
		Set<String> types = new TreeSet<>();
		for (ValidationMessage message : messages) {
			switch (message.getType()) {
				case "required":
					return new FieldError("FieldValueRequired", field, "Required value");
				case "enum":
					return new FieldError("FieldValueNotSupported", field, "Unsupported value: "
							+ message.getInstanceNode() + ": supported values: " + supported(message));
				case "type":
					types.add(expected(message));
					break;
				default:
					break;
			}
		}
		ValidationMessage first = messages.get(0);
		if (!types.isEmpty()) {
			String actual = jsonType(first.getInstanceNode());
			return new FieldError("FieldValueInvalid", field, "Invalid value: \"" + actual + "\": " + field
					+ " in body must be of type " + String.join(",", types) + ": \"" + actual + "\"");
		}
		String detail = first.getMessage().replaceFirst("^\\$[^:]*: ", "");
		return new FieldError("FieldValueInvalid", field,
				"Invalid value: " + first.getInstanceNode() + ": " + field + " in body " + detail);
	}

	private static String supported(ValidationMessage message) {
		JsonNode values = message.getSchemaNode();
		if (values != null && values.has("enum")) {
			values = values.get("enum");
		}
		if (values == null || !values.isArray()) {
			return String.valueOf(message.getArguments()[0]);
		}
		List<String> quoted = new ArrayList<>();
		values.forEach(v -> quoted.add(v.toString()));
		return String.join(", ", quoted);
	}

	// networknt's type arguments are (actual, expected); expected may read "[string,
	// null]" for nullable fields
	private static String expected(ValidationMessage message) {
		Object[] arguments = message.getArguments();
		String expected = (arguments != null && arguments.length > 1) ? String.valueOf(arguments[1]) : "object";
		return List.of(expected.replaceAll("[\\[\\]\\s]", "").split(","))
			.stream()
			.filter(t -> !t.equals("null"))
			.collect(Collectors.joining(","));
	}

	private static String jsonType(JsonNode node) {
		if (node == null || node.isNull()) {
			return "null";
		}
		return switch (node.getNodeType()) {
			case BOOLEAN -> "boolean";
			case ARRAY -> "array";
			case OBJECT -> "object";
			case STRING -> "string";
			case NUMBER -> node.isIntegralNumber() ? "integer" : "number";
			default -> "null";
		};
	}

}
