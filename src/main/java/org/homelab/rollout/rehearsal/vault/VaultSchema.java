package org.homelab.rollout.rehearsal.vault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import org.homelab.rollout.rehearsal.Contracts;

/**
 * The published Vault OpenAPI contract: whether a path exists for an operation and
 * whether the body's fields have the declared types. Paths are matched with mounts
 * already replaced by the contract's placeholders (e.g.
 * {@code {kv_v2_mount_path}/data/app}). Without the contract file every request is
 * "unchecked".
 */
final class VaultSchema {

	/** The outcome: {@code rejection} is null when Vault would accept the request. */
	record Check(String verdict, Reply rejection, boolean sudo, boolean unauthenticated, boolean createSupported) {
	}

	/** One contract path, compiled. */
	private record Template(String path, Pattern pattern, JsonNode item, int literals) {

		boolean supports(Op op) {
			JsonNode get = this.item.get("get");
			return switch (op) {
				case READ -> get != null && !listOnly(get);
				case LIST -> get != null && listOnly(get);
				case WRITE -> this.item.has("post");
				case DELETE -> this.item.has("delete");
			};
		}

		private static boolean listOnly(JsonNode get) {
			for (JsonNode parameter : get.path("parameters")) {
				if ("list".equals(parameter.path("name").asText()) && "query".equals(parameter.path("in").asText())) {
					return true;
				}
			}
			return false;
		}

		boolean flag(String name) {
			return this.item.path(name).asBoolean(false);
		}

	}

	private static final Pattern PARAMETER = Pattern.compile("\\{([^}]+)}");

	/**
	 * Parsed contracts by file: 1.5 MB of JSON is read once per JVM, not once per lab.
	 */
	private static final Map<Path, VaultSchema> LOADED = new ConcurrentHashMap<>();

	/**
	 * Templates by their first segment (literal in every contract path), most literal
	 * first.
	 */
	private final Map<String, List<Template>> templates;

	private final JsonNode schemas;

	private VaultSchema(Map<String, List<Template>> templates, JsonNode schemas) {
		this.templates = templates;
		this.schemas = schemas;
	}

	static VaultSchema load(Contracts contracts) {
		Optional<Path> file = contracts.vaultOpenApi();
		return file.map(f -> LOADED.computeIfAbsent(f, VaultSchema::read)).orElseGet(() -> new VaultSchema(null, null));
	}

	private static VaultSchema read(Path file) {
		try {
			JsonNode root = Json.MAPPER.readTree(file.toFile());
			List<Template> templates = new ArrayList<>();
			root.path("paths").fields().forEachRemaining(e -> templates.add(compile(e.getKey(), e.getValue())));
			templates.sort(Comparator.comparingInt(Template::literals).reversed());
			Map<String, List<Template>> bySegment = templates.stream()
				.collect(Collectors.groupingBy(t -> first(t.path()), LinkedHashMap::new, Collectors.toList()));
			return new VaultSchema(Map.copyOf(bySegment), root.path("components").path("schemas"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the Vault contract " + file, ex);
		}
	}

	boolean loaded() {
		return this.templates != null;
	}

	private static String first(String path) {
		int slash = path.indexOf('/');
		return (slash < 0) ? path : path.substring(0, slash);
	}

	/**
	 * Checks a request whose path has its mount replaced by the contract's placeholder.
	 */
	Check check(String specPath, Op op, JsonNode body) {
		if (!loaded()) {
			return new Check("unchecked", null, Fallback.sudo(specPath), Fallback.unauthenticated(specPath),
					Fallback.createSupported(specPath));
		}
		List<Template> matching = this.templates.getOrDefault(first(specPath), List.of())
			.stream()
			.filter(t -> t.pattern().matcher(specPath).matches())
			.toList();
		if (matching.isEmpty()) {
			return new Check("unsupported path", Reply.unsupportedPath(), false, false, false);
		}
		Optional<Template> match = matching.stream().filter(t -> t.supports(op)).findFirst();
		if (match.isEmpty()) {
			return new Check("unsupported operation", Reply.unsupportedOperation(), false, false, false);
		}
		Template template = match.get();
		String error = (op == Op.WRITE) ? fields(template, body) : null;
		return new Check((error != null) ? error : "ok", (error != null) ? Reply.badRequest(error) : null,
				template.flag("x-vault-sudo"), template.flag("x-vault-unauthenticated"),
				template.flag("x-vault-createSupported"));
	}

	private String fields(Template template, JsonNode body) {
		JsonNode schema = template.item()
			.path("post")
			.path("requestBody")
			.path("content")
			.path("application/json")
			.path("schema");
		if (schema.has("$ref")) {
			String ref = schema.get("$ref").asText();
			schema = this.schemas.path(ref.substring(ref.lastIndexOf('/') + 1));
		}
		JsonNode properties = schema.path("properties");
		for (var it = body.fields(); it.hasNext();) {
			var field = it.next();
			JsonNode declared = properties.get(field.getKey());
			if (declared == null) {
				// Vault ignores unknown fields (it only warns)
				continue;
			}
			String error = FieldTypes.check(field.getKey(), field.getValue(), text(declared, "type"),
					text(declared, "format"), text(declared.path("items"), "type"));
			if (error != null) {
				return error;
			}
		}
		return null;
	}

	private static String text(JsonNode node, String field) {
		return node.hasNonNull(field) ? node.get(field).asText() : null;
	}

	private static Template compile(String path, JsonNode item) {
		String relative = path.startsWith("/") ? path.substring(1) : path;
		StringBuilder regex = new StringBuilder();
		Matcher parameter = PARAMETER.matcher(relative);
		int last = 0;
		int literals = 0;
		while (parameter.find()) {
			regex.append(Pattern.quote(relative.substring(last, parameter.start())));
			literals += parameter.start() - last;
			String name = parameter.group(1);
			if (name.endsWith("_mount_path")) {
				// the dispatcher puts the placeholder itself where the mount was
				regex.append(Pattern.quote(parameter.group()));
				literals += parameter.group().length();
			}
			else {
				regex.append(("path".equals(name) || "prefix".equals(name)) ? "(.*)" : "([^/]+)");
			}
			last = parameter.end();
		}
		regex.append(Pattern.quote(relative.substring(last)));
		literals += relative.length() - last;
		return new Template(relative, Pattern.compile(regex.toString()), item, literals);
	}

	/** What the lab assumes about paths when the contract is absent. */
	private static final class Fallback {

		static boolean sudo(String path) {
			return "sys/seal".equals(path) || path.startsWith("sys/auth/") || path.startsWith("sys/raw")
					|| "sys/rotate".equals(path) || "sys/remount".equals(path);
		}

		static boolean unauthenticated(String path) {
			return List
				.of("sys/init", "sys/seal-status", "sys/unseal", "sys/health", "sys/generate-root/attempt",
						"sys/generate-root/update")
				.contains(path) || path.matches("auth/[^/]+/login") || path.startsWith("sys/internal/ui/mounts/");
		}

		static boolean createSupported(String path) {
			return path.startsWith("{kv_") || path.matches("auth/[^/]+/role/.+");
		}

	}

}
