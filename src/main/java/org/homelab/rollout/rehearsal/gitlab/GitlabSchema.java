package org.homelab.rollout.rehearsal.gitlab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.homelab.rollout.rehearsal.Contracts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GitLab's published REST contract (Swagger 2.0, {@code gitlab-openapi-v2.yaml}) as the
 * lab checks a request against it: the path and method exist, query and path parameters
 * are declared and have their types, and a body's fields are declared with their types
 * and the required ones are there. {@code required} is known to be stricter than the
 * server in places (contracts README): those fields are not demanded. Without the file
 * every request is "unchecked".
 */
final class GitlabSchema {

	/**
	 * Required in the contract, but GitLab needs them only in some cases (e.g.
	 * {@code group_id} only for a group runner): operation id, field.
	 */
	private static final List<String> LOOSE = List.of("postApiV4UserRunners.group_id",
			"postApiV4UserRunners.project_id");

	/** The authentication parameter every operation takes (securityDefinitions). */
	private static final String PRIVATE_TOKEN = "private_token";

	private static final Pattern PARAMETER = Pattern.compile("\\{([^}]+)}");

	private static final Map<Path, GitlabSchema> LOADED = new ConcurrentHashMap<>();

	private static final Set<Path> WARNED = ConcurrentHashMap.newKeySet();

	private static final Logger log = LoggerFactory.getLogger(GitlabSchema.class);

	private record Template(String path, Pattern pattern, List<String> names, JsonNode item, int literals) {
	}

	private final List<Template> templates;

	private final JsonNode definitions;

	private GitlabSchema(List<Template> templates, JsonNode definitions) {
		this.templates = templates;
		this.definitions = definitions;
	}

	static GitlabSchema load(Contracts contracts) {
		Optional<Path> file = contracts.gitlabOpenApi();
		contracts.warnIfIncomplete();
		return file.map(f -> LOADED.computeIfAbsent(f, GitlabSchema::read))
			.orElseGet(() -> new GitlabSchema(null, null));
	}

	boolean loaded() {
		return this.templates != null;
	}

	private static GitlabSchema read(Path file) {
		try {
			JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
			List<Template> templates = new ArrayList<>();
			root.path("paths").fields().forEachRemaining(e -> templates.add(compile(e.getKey(), e.getValue())));
			templates.sort(Comparator.comparingInt(Template::literals).reversed());
			return new GitlabSchema(List.copyOf(templates), root.path("definitions"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the GitLab contract " + file, ex);
		}
	}

	/**
	 * "ok", "unchecked", or what is wrong. {@code rawPath} as sent (path parameters still
	 * URL-encoded), {@code query} decoded, {@code body} null when none.
	 */
	String check(String method, String rawPath, Map<String, String> query, JsonNode body) {
		if (!loaded()) {
			return "unchecked";
		}
		Template template = null;
		Matcher values = null;
		for (Template candidate : this.templates) {
			Matcher matcher = candidate.pattern().matcher(rawPath);
			if (matcher.matches() && candidate.item().has(method.toLowerCase())) {
				template = candidate;
				values = matcher;
				break;
			}
			if (matcher.matches() && template == null) {
				values = matcher;
			}
		}
		if (template == null) {
			return (values != null) ? "method " + method + " not in contract for " + rawPath
					: "path not in contract: " + rawPath;
		}
		JsonNode operation = template.item().get(method.toLowerCase());
		List<JsonNode> parameters = new ArrayList<>();
		template.item().path("parameters").forEach(parameters::add);
		operation.path("parameters").forEach(parameters::add);
		for (int i = 0; i < template.names().size(); i++) {
			JsonNode declared = find(parameters, "path", template.names().get(i));
			String error = (declared == null) ? null : type(template.names().get(i), values.group(i + 1), declared);
			if (error != null) {
				return error;
			}
		}
		for (Map.Entry<String, String> parameter : query.entrySet()) {
			String name = parameter.getKey().replaceFirst("\\[]$", "");
			JsonNode declared = find(parameters, "query", name);
			if (declared == null && !PRIVATE_TOKEN.equals(name)) {
				return "query parameter not in contract: " + name;
			}
			String error = (declared == null) ? null : type(name, parameter.getValue(), declared);
			if (error != null) {
				return error;
			}
		}
		for (JsonNode parameter : parameters) {
			if ("query".equals(parameter.path("in").asText()) && parameter.path("required").asBoolean()
					&& !query.containsKey(parameter.path("name").asText())) {
				return "missing query parameter: " + parameter.path("name").asText();
			}
		}
		JsonNode bodyParameter = parameters.stream()
			.filter(p -> "body".equals(p.path("in").asText()))
			.findFirst()
			.orElse(null);
		return (bodyParameter == null) ? "ok" : body(bodyParameter, body);
	}

	private String body(JsonNode parameter, JsonNode body) {
		String ref = parameter.path("schema").path("$ref").asText("");
		String id = ref.substring(ref.lastIndexOf('/') + 1);
		JsonNode schema = this.definitions.path(id);
		JsonNode fields = (body != null) ? body : com.fasterxml.jackson.databind.node.NullNode.getInstance();
		for (JsonNode required : schema.path("required")) {
			if (!fields.has(required.asText()) && !LOOSE.contains(id + "." + required.asText())) {
				return "missing body field: " + required.asText();
			}
		}
		if (body == null) {
			return "ok";
		}
		for (var it = body.fields(); it.hasNext();) {
			var field = it.next();
			JsonNode declared = schema.path("properties").get(field.getKey());
			if (declared == null) {
				return "body field not in contract: " + field.getKey();
			}
			String error = FieldTypes.check(field.getKey(), field.getValue(), declared);
			if (error != null) {
				return error;
			}
		}
		return "ok";
	}

	private static String type(String name, String value, JsonNode declared) {
		return FieldTypes.check(name, com.fasterxml.jackson.databind.node.TextNode.valueOf(value), declared);
	}

	private static JsonNode find(List<JsonNode> parameters, String in, String name) {
		return parameters.stream()
			.filter(p -> in.equals(p.path("in").asText()) && name.equals(p.path("name").asText()))
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
			regex.append("([^/]+)");
			last = parameter.end();
		}
		regex.append(Pattern.quote(path.substring(last)));
		literals += path.length() - last;
		return new Template(path, Pattern.compile(regex.toString()), names, item, literals);
	}

}
