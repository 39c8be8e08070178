package org.homelab.rollout.rehearsal.frontdoor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Authelia's configuration.yml as the simulated Authelia loads it: parsed, its
 * {@code access_control} checked against the published schema (when the contracts are
 * there) and by Authelia's own rules (each rule names {@code domain} or
 * {@code domain_regex}, regexes compile), then the rules in order.
 */
record AutheliaConfig(String defaultPolicy, List<AccessRule> rules, String portal) {

	static final ObjectMapper JSON = new ObjectMapper();

	/** The configuration, or what Authelia would say is wrong with it. */
	record Loaded(AutheliaConfig config, List<String> errors) {
	}

	static Loaded load(String yaml, Optional<Path> schema) {
		Object parsed;
		try {
			parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
		}
		catch (RuntimeException ex) {
			return failed("error occurred during unmarshalling configuration: "
					+ ex.getMessage().lines().findFirst().orElse(""));
		}
		if (!(parsed instanceof Map<?, ?> root)) {
			return failed("error occurred during unmarshalling configuration: the file is not a map");
		}
		JsonNode given = JSON.valueToTree(root.get("access_control"));
		JsonNode accessControl = (given == null || given.isNull()) ? JSON.createObjectNode() : given;
		List<String> errors = new ArrayList<>();
		schema.map(AutheliaConfig::accessControlSchema)
			.ifPresent(s -> s.validate(accessControl)
				.forEach(message -> errors.add("access_control: " + message.getMessage())));
		List<AccessRule> rules = new ArrayList<>();
		JsonNode ruleNodes = accessControl.path("rules");
		for (int i = 0; i < ruleNodes.size(); i++) {
			JsonNode rule = ruleNodes.get(i);
			String which = "access_control: rule #" + (i + 1);
			if (!rule.has("domain") && !rule.has("domain_regex")) {
				errors.add(which + ": option 'domain' or 'domain_regex' must be present but are both absent");
				continue;
			}
			String policy = rule.path("policy").asText("");
			if (!List.of("bypass", "deny", "one_factor", "two_factor").contains(policy)) {
				errors.add(which + ": option 'policy' must be one of 'bypass', 'deny', 'one_factor', or 'two_factor'"
						+ " but it's configured as '" + policy + "'");
				continue;
			}
			try {
				rules.add(AccessRule.of(rule));
			}
			catch (PatternSyntaxException ex) {
				errors.add(which + ": invalid regular expression: " + ex.getDescription());
			}
		}
		String defaultPolicy = accessControl.path("default_policy").asText("deny");
		String portal = JSON.valueToTree(root.get("session"))
			.path("cookies")
			.path(0)
			.path("authelia_url")
			.asText("https://auth.rehearsal.lan");
		return errors.isEmpty() ? new Loaded(new AutheliaConfig(defaultPolicy, List.copyOf(rules), portal), List.of())
				: new Loaded(null, List.copyOf(errors));
	}

	/** The first rule matching the request, else the default policy. */
	String policy(String host, String path, String method, AutheliaSessions.Session session) {
		for (AccessRule rule : this.rules) {
			if (rule.matches(host, path, method, session)) {
				return rule.policy();
			}
		}
		return this.defaultPolicy;
	}

	private static Loaded failed(String error) {
		return new Loaded(null, List.of(error));
	}

	private static JsonSchema accessControlSchema(Path file) {
		try {
			ObjectNode root = (ObjectNode) JSON.readTree(file.toFile());
			// entered at access_control's definition: the document's other $defs stay
			// reachable
			root.put("$ref", "#/$defs/AccessControl");
			return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(root);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read Authelia's configuration schema " + file, ex);
		}
	}

	static Pattern regex(String authelia) {
		// Authelia (Go) names groups (?P<name>...); Java writes (?<name>...)
		return Pattern.compile(authelia.replace("(?P<", "(?<"));
	}

}
