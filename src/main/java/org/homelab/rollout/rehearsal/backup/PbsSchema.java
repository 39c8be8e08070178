package org.homelab.rollout.rehearsal.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.homelab.rollout.rehearsal.ContractProse;

/**
 * The published Proxmox Backup Server API schema (the api-viewer tree of three roots),
 * loaded once per file: finds the method a request addresses and checks its parameters as
 * proxmox-schema does (type, pattern, length, range, enum, missing and unknown
 * properties). Without the file every request passes "unchecked".
 */
final class PbsSchema {

	record Lookup(boolean found, String template, JsonNode parameters) {
	}

	private static final Set<String> PROSE = Set.of("description", "verbose_description", "typetext");

	private static final Map<Path, PbsSchema> LOADED = new ConcurrentHashMap<>();

	private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

	private final JsonNode roots;

	private PbsSchema(JsonNode roots) {
		this.roots = roots;
	}

	static PbsSchema load(Optional<Path> file) {
		if (file.isEmpty()) {
			return new PbsSchema(null);
		}
		return LOADED.computeIfAbsent(file.get(), path -> {
			try {
				return new PbsSchema(ContractProse.strip(new ObjectMapper().readTree(path.toFile()), PROSE));
			}
			catch (IOException ex) {
				throw new UncheckedIOException("cannot read the Proxmox Backup Server API schema " + path, ex);
			}
		});
	}

	boolean checked() {
		return this.roots != null;
	}

	/** Walks from the root {@code /}, a literal child before a {variable} one. */
	Lookup lookup(String method, List<String> segments) {
		if (this.roots == null) {
			return new Lookup(true, null, null);
		}
		JsonNode node = null;
		for (JsonNode root : this.roots) {
			if ("/".equals(root.path("path").asText())) {
				node = root;
			}
		}
		for (String segment : segments) {
			node = (node == null) ? null : child(node.path("children"), segment);
			if (node == null) {
				return new Lookup(false, null, null);
			}
		}
		JsonNode info = (node != null) ? node.path("info").path(method) : null;
		if (info == null || info.isMissingNode()) {
			return new Lookup(false, null, null);
		}
		return new Lookup(true, node.path("path").asText(), info.path("parameters"));
	}

	/** Parameter errors by name in PBS's words; empty when valid or unchecked. */
	Map<String, String> validate(Lookup lookup, Map<String, List<String>> params) {
		Map<String, String> errors = new LinkedHashMap<>();
		if (lookup.parameters() == null) {
			return errors;
		}
		JsonNode properties = lookup.parameters().path("properties");
		properties.properties().forEach(property -> {
			if (!params.containsKey(property.getKey()) && !property.getValue().path("optional").asBoolean(false)) {
				errors.put(property.getKey(), "parameter is missing and it is not optional.");
			}
		});
		boolean additional = lookup.parameters().path("additionalProperties").asBoolean(false);
		for (Map.Entry<String, List<String>> param : params.entrySet()) {
			JsonNode schema = properties.get(param.getKey());
			if (schema == null) {
				if (!additional) {
					errors.put(param.getKey(), "schema does not allow additional properties.");
				}
				continue;
			}
			boolean array = "array".equals(schema.path("type").asText());
			if (!array && param.getValue().size() > 1) {
				errors.put(param.getKey(), "duplicate parameter.");
				continue;
			}
			for (String value : param.getValue()) {
				String error = check(array ? schema.path("items") : schema, value);
				if (error != null) {
					errors.put(param.getKey(), error);
					break;
				}
			}
		}
		return errors;
	}

	/** One value against one property schema: the first complaint, or null. */
	static String check(JsonNode schema, String value) {
		String type = schema.path("type").asText("string");
		switch (type) {
			case "boolean" -> {
				if (!value.matches("(?i)1|0|true|false|yes|no|on|off")) {
					return "Unable to parse boolean '" + value + "'.";
				}
			}
			case "integer" -> {
				if (!value.matches("[+-]?\\d+")) {
					return "Expected integer, got '" + value + "'.";
				}
				long number = Long.parseLong(value);
				if (schema.has("minimum") && number < schema.path("minimum").asLong()) {
					return "value must have a minimum value of " + schema.path("minimum").asText() + " (got " + number
							+ ")";
				}
				if (schema.has("maximum") && number > schema.path("maximum").asLong()) {
					return "value must have a maximum value of " + schema.path("maximum").asText() + " (got " + number
							+ ")";
				}
			}
			case "string" -> {
				if (schema.has("minLength") && value.length() < schema.path("minLength").asInt()) {
					return "value must be at least " + schema.path("minLength").asText() + " characters long";
				}
				if (schema.has("maxLength") && value.length() > schema.path("maxLength").asInt()) {
					return "value may only be " + schema.path("maxLength").asText() + " characters long";
				}
				if (schema.hasNonNull("pattern") && !pattern(schema.path("pattern").asText()).matcher(value).find()) {
					return "value does not match the regex pattern";
				}
				if (schema.has("enum")) {
					List<String> allowed = new ArrayList<>();
					schema.path("enum").forEach(option -> allowed.add(option.asText()));
					if (!allowed.contains(value)) {
						return "value '" + value + "' is not defined in the enumeration.";
					}
				}
			}
			default -> {
				// objects as property strings: PBS parses them by their format, the lab
				// takes them as given
			}
		}
		return null;
	}

	/**
	 * The schema's Perl-style {@code /^...$/} as a Java pattern: POSIX classes and
	 * Python-style named groups (whose names Java would refuse) rewritten.
	 */
	static Pattern pattern(String perl) {
		return PATTERNS.computeIfAbsent(perl, text -> {
			String body = text.replaceFirst("^/", "").replaceFirst("/$", "");
			body = body.replace("[[:^cntrl:]]", "[^\\p{Cntrl}]")
				.replace("[:cntrl:]", "\\p{Cntrl}")
				.replaceAll("\\(\\?P<[A-Za-z_]+>", "(");
			try {
				return Pattern.compile(body);
			}
			catch (PatternSyntaxException ex) {
				return Pattern.compile(".*", Pattern.DOTALL);
			}
		});
	}

	private static JsonNode child(JsonNode children, String segment) {
		JsonNode variable = null;
		for (JsonNode child : children) {
			String path = child.path("path").asText();
			String last = path.substring(path.lastIndexOf('/') + 1);
			if (last.equals(segment)) {
				return child;
			}
			if (last.startsWith("{") && variable == null) {
				variable = child;
			}
		}
		return variable;
	}

}
