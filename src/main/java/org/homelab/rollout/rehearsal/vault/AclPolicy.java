package org.homelab.rollout.rehearsal.vault;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * An ACL policy as Vault parses it: HCL {@code path "x/*" { capabilities = [...] }}
 * blocks, the JSON form (which Spring Vault writes) and the old {@code policy = "write"}
 * shorthand.
 */
record AclPolicy(String name, String text, List<Rule> rules) {

	/**
	 * One path block: a pattern with a trailing {@code *} glob and/or {@code +} segment
	 * wildcards.
	 */
	record Rule(String pattern, Set<String> capabilities) {
	}

	static final Set<String> CAPABILITIES = Set.of("create", "read", "update", "patch", "delete", "list", "sudo",
			"deny", "subscribe");

	private static final Map<String, List<String>> SHORTHAND = Map.of("read", List.of("read", "list"), "write",
			List.of("create", "read", "update", "delete", "list"), "deny", List.of("deny"), "sudo",
			List.of("create", "read", "update", "delete", "list", "sudo"));

	private static final Pattern BLOCK = Pattern.compile("path\\s+\"([^\"]*)\"\\s*\\{([^}]*)}", Pattern.DOTALL);

	private static final Pattern CAPS = Pattern.compile("capabilities\\s*=\\s*\\[([^\\]]*)]");

	private static final Pattern SHORT = Pattern.compile("policy\\s*=\\s*\"([^\"]*)\"");

	private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");

	/**
	 * Parses a policy or throws {@link IllegalArgumentException} with Vault's wording.
	 */
	static AclPolicy parse(String name, String text) {
		List<Rule> rules = text.trim().startsWith("{") ? parseJson(text) : parseHcl(text);
		return new AclPolicy(name, text, List.copyOf(rules));
	}

	private static List<Rule> parseHcl(String text) {
		String stripped = text.replaceAll("(?m)(#|//).*$", "").replaceAll("(?s)/\\*.*?\\*/", "");
		List<Rule> rules = new ArrayList<>();
		Matcher block = BLOCK.matcher(stripped);
		StringBuilder rest = new StringBuilder();
		int last = 0;
		while (block.find()) {
			rest.append(stripped, last, block.start());
			last = block.end();
			rules.add(rule(block.group(1), block.group(2)));
		}
		rest.append(stripped.substring(last));
		if (!rest.toString().isBlank()) {
			throw new IllegalArgumentException("failed to parse policy: At 1:1: expected: IDENT | STRING got: '"
					+ rest.toString().trim().split("\\s+")[0] + "'");
		}
		return rules;
	}

	private static Rule rule(String pattern, String body) {
		Set<String> caps = new LinkedHashSet<>();
		Matcher list = CAPS.matcher(body);
		if (list.find()) {
			Matcher quoted = QUOTED.matcher(list.group(1));
			while (quoted.find()) {
				caps.add(quoted.group(1).toLowerCase());
			}
		}
		Matcher shorthand = SHORT.matcher(body);
		if (shorthand.find()) {
			List<String> implied = SHORTHAND.get(shorthand.group(1));
			if (implied == null) {
				throw new IllegalArgumentException("failed to parse policy: path \"" + pattern + "\": invalid policy '"
						+ shorthand.group(1) + "'");
			}
			caps.addAll(implied);
		}
		return checked(pattern, caps);
	}

	private static List<Rule> parseJson(String text) {
		JsonNode root;
		try {
			root = Json.MAPPER.readTree(text);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalArgumentException("failed to parse policy: " + ex.getOriginalMessage());
		}
		List<Rule> rules = new ArrayList<>();
		JsonNode paths = root.path("path");
		List<JsonNode> blocks = new ArrayList<>();
		if (paths.isArray()) {
			paths.forEach(blocks::add);
		}
		else if (paths.isObject()) {
			blocks.add(paths);
		}
		for (JsonNode block : blocks) {
			block.fields().forEachRemaining(entry -> {
				Set<String> caps = new LinkedHashSet<>();
				entry.getValue().path("capabilities").forEach(c -> caps.add(c.asText().toLowerCase()));
				String shorthand = entry.getValue().path("policy").asText("");
				caps.addAll(SHORTHAND.getOrDefault(shorthand, List.of()));
				rules.add(checked(entry.getKey(), caps));
			});
		}
		return rules;
	}

	private static Rule checked(String pattern, Set<String> caps) {
		for (String cap : caps) {
			if (!CAPABILITIES.contains(cap)) {
				throw new IllegalArgumentException(
						"failed to parse policy: path \"" + pattern + "\": invalid capability \"" + cap + "\"");
			}
		}
		// a leading slash is ignored by Vault
		String normalised = pattern.startsWith("/") ? pattern.substring(1) : pattern;
		return new Rule(normalised, caps.contains("deny") ? Set.of("deny") : Set.copyOf(caps));
	}

}
