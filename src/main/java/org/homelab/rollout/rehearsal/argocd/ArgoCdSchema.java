package org.homelab.rollout.rehearsal.argocd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.homelab.rollout.rehearsal.Contracts;

/**
 * Argo CD's published REST contract ({@code argocd-swagger.json}, Swagger 2.0 generated
 * by grpc-gateway) as the lab checks a request against it: the path and method exist,
 * query and path parameters are declared with their types, and a body's fields are
 * declared, with their types, at every depth through the definitions. Without the file
 * every request is "unchecked" (the lab says so once, at start).
 */
final class ArgoCdSchema {

	private static final Pattern PARAMETER = Pattern.compile("\\{([^}]+)}");

	private static final Map<Path, ArgoCdSchema> LOADED = new ConcurrentHashMap<>();

	private record Template(Pattern pattern, List<String> names, JsonNode item, int literals) {
	}

	private final List<Template> templates;

	private final JsonNode definitions;

	private ArgoCdSchema(List<Template> templates, JsonNode definitions) {
		this.templates = templates;
		this.definitions = definitions;
	}

	static ArgoCdSchema load(Contracts contracts) {
		Optional<Path> file = contracts.argocdSwagger();
		contracts.warnIfIncomplete();
		return file.map(f -> LOADED.computeIfAbsent(f, ArgoCdSchema::read))
			.orElseGet(() -> new ArgoCdSchema(null, null));
	}

	boolean loaded() {
		return this.templates != null;
	}

	private static ArgoCdSchema read(Path file) {
		try {
			JsonNode root = new ObjectMapper().readTree(file.toFile());
			List<Template> templates = new ArrayList<>();
			root.path("paths").fields().forEachRemaining(e -> templates.add(compile(e.getKey(), e.getValue())));
			templates.sort(Comparator.comparingInt(Template::literals).reversed());
			return new ArgoCdSchema(List.copyOf(templates), root.path("definitions"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the Argo CD contract " + file, ex);
		}
	}

	/**
	 * "ok", "unchecked", or what is wrong. {@code rawPath} as sent (path parameters still
	 * encoded), {@code query} decoded (a repeated parameter once), {@code body} null when
	 * none.
	 */
	String check(String method, String rawPath, Map<String, String> query, JsonNode body) {
		if (!loaded()) {
			return "unchecked";
		}
		Template template = null;
		Matcher values = null;
		boolean pathKnown = false;
		for (Template candidate : this.templates) {
			Matcher matcher = candidate.pattern().matcher(rawPath);
			if (matcher.matches()) {
				pathKnown = true;
				if (candidate.item().has(method.toLowerCase())) {
					template = candidate;
					values = matcher;
					break;
				}
			}
		}
		if (template == null) {
			return pathKnown ? "method " + method + " not in contract for " + rawPath
					: "path not in contract: " + rawPath;
		}
		JsonNode operation = template.item().get(method.toLowerCase());
		List<JsonNode> parameters = new ArrayList<>();
		operation.path("parameters").forEach(parameters::add);
		for (int i = 0; i < template.names().size(); i++) {
			if (values.group(i + 1).isEmpty()) {
				return "empty path parameter: " + template.names().get(i);
			}
		}
		for (Map.Entry<String, String> parameter : query.entrySet()) {
			JsonNode declared = find(parameters, "query", parameter.getKey());
			if (declared == null) {
				return "query parameter not in contract: " + parameter.getKey();
			}
			String error = scalar(parameter.getKey(), parameter.getValue(),
					declared.path("type").asText().equals("array") ? declared.path("items") : declared);
			if (error != null) {
				return error;
			}
		}
		JsonNode bodyParameter = find(parameters, "body", "body");
		if (bodyParameter == null) {
			return (body == null) ? "ok" : "body not in contract for " + method + " " + rawPath;
		}
		if (body == null) {
			return bodyParameter.path("required").asBoolean() ? "missing body" : "ok";
		}
		String error = value("body", body, bodyParameter.path("schema"), 0);
		return (error == null) ? "ok" : error;
	}

	/** Checks a JSON value against a schema (following $ref); null when it fits. */
	private String value(String name, JsonNode value, JsonNode schema, int depth) {
		if (depth > 40 || value.isNull()) {
			return null;
		}
		if (schema.has("$ref")) {
			String ref = schema.get("$ref").asText();
			return value(name, value, this.definitions.path(ref.substring(ref.lastIndexOf('/') + 1)), depth + 1);
		}
		String type = schema.path("type").asText(schema.has("properties") ? "object" : "");
		switch (type) {
			case "object" -> {
				if (!value.isObject()) {
					return name + " must be an object";
				}
				JsonNode properties = schema.path("properties");
				JsonNode additional = schema.path("additionalProperties");
				for (var it = value.fields(); it.hasNext();) {
					var field = it.next();
					JsonNode declared = properties.get(field.getKey());
					if (declared == null && additional.isObject()) {
						declared = additional;
					}
					if (declared == null) {
						if (properties.isEmpty() && additional.isMissingNode()) {
							continue; // an object the contract leaves open
						}
						return "body field not in contract: " + name + "." + field.getKey();
					}
					String error = value(name + "." + field.getKey(), field.getValue(), declared, depth + 1);
					if (error != null) {
						return error;
					}
				}
				return null;
			}
			case "array" -> {
				if (!value.isArray()) {
					return name + " must be an array";
				}
				for (int i = 0; i < value.size(); i++) {
					String error = value(name + "[" + i + "]", value.get(i), schema.path("items"), depth + 1);
					if (error != null) {
						return error;
					}
				}
				return null;
			}
			case "string" -> {
				// int64 fields travel as JSON strings or numbers in grpc-gateway
				return (value.isTextual() || "int64".equals(schema.path("format").asText()) && value.isIntegralNumber())
						? null : name + " must be a string";
			}
			case "boolean" -> {
				return value.isBoolean() ? null : name + " must be a boolean";
			}
			case "integer", "number" -> {
				return value.isNumber() || value.isTextual() && value.asText().matches("-?\\d+") ? null
						: name + " must be a number";
			}
			default -> {
				return null;
			}
		}
	}

	private static String scalar(String name, String value, JsonNode declared) {
		return switch (declared.path("type").asText()) {
			case "boolean" -> value.equals("true") || value.equals("false") ? null : name + " must be true or false";
			case "integer" -> value.matches("-?\\d+") ? null : name + " must be an integer";
			default -> null;
		};
	}

	private static JsonNode find(List<JsonNode> parameters, String in, String name) {
		return parameters.stream()
			.filter(p -> in.equals(p.path("in").asText())
					&& (in.equals("body") || name.equals(p.path("name").asText())))
			.findFirst()
			.orElse(null);
	}

	private static Template compile(String path, JsonNode item) {
		StringBuilder regex = new StringBuilder();
		List<String> names = new ArrayList<>();
		Matcher parameter = PARAMETER.matcher(path);
		int last = 0;
		int literals = 0;
		while (parameter.find()) {
			regex.append(Pattern.quote(path.substring(last, parameter.start())));
			literals += parameter.start() - last;
			names.add(parameter.group(1));
			regex.append("([^/]*)");
			last = parameter.end();
		}
		regex.append(Pattern.quote(path.substring(last)));
		literals += path.length() - last;
		return new Template(Pattern.compile(regex.toString()), names, item, literals);
	}

}
