package org.homelab.rollout.frontdoor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Adds, replaces and removes the access-control rule of one service domain in Authelia's
 * existing {@code configuration.yml}, line by line ({@link YamlText}): other rules and
 * the rest of the file keep every byte. Each result is checked before it is handed back:
 * {@code access_control} against Authelia's published configuration schema (read where it
 * stands) and Authelia's own rule that a rule needs {@code domain} or
 * {@code domain_regex}. A rule belongs to a service when its {@code domain} is that
 * service's domain alone; a service with bypass resources owns two, written together:
 * first the {@code bypass} rule of those paths, then the rule that guards the rest
 * (Authelia applies the first rule that matches).
 */
public final class AutheliaAccessControl {

	private static final String FILE = "Authelia's configuration.yml";

	private final JsonSchema accessControlSchema;

	/**
	 * @param schema Authelia's configuration JSON Schema (the published contract file);
	 * null where it is not at hand: then only Authelia's rule that a rule needs a domain
	 * is checked here, and the frontend's {@code authelia validate-config} checks the
	 * rest
	 */
	public AutheliaAccessControl(Path schema) {
		if (schema == null) {
			this.accessControlSchema = null;
			return;
		}
		try {
			ObjectNode root = (ObjectNode) new ObjectMapper().readTree(schema.toFile());
			// the same document, entered at access_control's definition: its other $defs
			// stay reachable
			root.put("$ref", "#/$defs/AccessControl");
			this.accessControlSchema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(root);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read Authelia's configuration schema " + schema, ex);
		}
	}

	/**
	 * The configuration with the service's rules added, or put in place of its earlier
	 * rules (all of them: a changed inventory may have added or dropped the bypass rule).
	 */
	public String add(String configuration, ExposedService service) {
		List<Node> rules = rules(configuration);
		String block = rule(service, indent(configuration, rules));
		List<Node> own = own(rules, service.domain());
		String result = own.isEmpty() ? configuration : without(configuration, own);
		int at = own.isEmpty() ? insertionLine(rules, service.domain()) : YamlText.firstLine(own.get(0));
		result = YamlText.insertBefore(result, at, block);
		validate(result);
		return result;
	}

	/**
	 * The configuration without the rules of {@code domain}; unchanged when it has none.
	 */
	public String remove(String configuration, String domain) {
		FrontdoorInput.domain("domain", domain);
		List<Node> own = own(rules(configuration), domain);
		if (own.isEmpty()) {
			return configuration;
		}
		String result = without(configuration, own);
		validate(result);
		return result;
	}

	/**
	 * The configuration without those rules, the last first: the lines above stay put.
	 */
	private static String without(String configuration, List<Node> own) {
		String result = configuration;
		for (int i = own.size() - 1; i >= 0; i--) {
			result = YamlText.removeLines(result, YamlText.firstLine(own.get(i)), YamlText.lastLine(own.get(i)));
		}
		return result;
	}

	/** Refuses a configuration whose access_control Authelia would refuse. */
	public void validate(String configuration) {
		Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(configuration);
		Object accessControl = (loaded instanceof Map<?, ?> map) ? map.get("access_control") : null;
		if (accessControl == null) {
			throw new FrontdoorConfigurationException(FILE + " has no access_control", null);
		}
		JsonNode tree = new ObjectMapper().valueToTree(accessControl);
		List<String> problems = new ArrayList<>();
		Set<ValidationMessage> invalid = (this.accessControlSchema != null) ? this.accessControlSchema.validate(tree)
				: Set.of();
		for (ValidationMessage message : invalid) {
			// networknt names the place from the validated node's root ($): here
			// access_control
			String text = message.getMessage();
			problems.add(text.startsWith("$") ? "access_control" + text.substring(1) : text);
		}
		JsonNode rules = tree.path("rules");
		for (int i = 0; i < rules.size(); i++) {
			if (!rules.get(i).has("domain") && !rules.get(i).has("domain_regex")) {
				problems.add("access_control.rules[" + i + "]: option 'domain' or 'domain_regex' must be present"
						+ " but are both absent (Authelia refuses such a rule)");
			}
		}
		if (!problems.isEmpty()) {
			throw new FrontdoorConfigurationException(
					FILE + " would be refused by Authelia: " + String.join("; ", problems), null);
		}
	}

	private static List<Node> rules(String configuration) {
		Node rules = YamlText.get(YamlText.get(YamlText.compose(configuration, FILE), "access_control"), "rules");
		List<Node> items = YamlText.blockItems(rules);
		if (items == null || items.isEmpty()) {
			// adding the list itself would leave undo unable to tell whose it was
			throw new FrontdoorConfigurationException(FILE + " has no block list access_control.rules to add to;"
					+ " write the homelab's first rule by hand (one '- domain: ...' per line block)", null);
		}
		return items;
	}

	/**
	 * Authelia applies the first rule that matches: before any rule that could match the
	 * domain (a wildcard, a regex, a list naming it), or the service's policy would never
	 * apply; else after the last rule.
	 */
	private static int insertionLine(List<Node> rules, String domain) {
		for (Node rule : rules) {
			if (couldMatch(rule, domain)) {
				return YamlText.firstLine(rule);
			}
		}
		return YamlText.lastLine(rules.get(rules.size() - 1)) + 1;
	}

	private static boolean couldMatch(Node rule, String domain) {
		for (String pattern : values(YamlText.get(rule, "domain"))) {
			if (pattern.equals(domain) || (pattern.startsWith("*.") && domain.endsWith(pattern.substring(1)))) {
				return true;
			}
		}
		for (String regex : values(YamlText.get(rule, "domain_regex"))) {
			try {
				if (Pattern.compile(regex).matcher(domain).find()) {
					return true;
				}
			}
			catch (PatternSyntaxException ex) {
				// Go's syntax where Java's differs: assume it could match, the safe side
				return true;
			}
		}
		return false;
	}

	/** A scalar's value, or the scalars of a list. */
	private static List<String> values(Node node) {
		if (node instanceof SequenceNode list) {
			return list.getValue().stream().map(YamlText::scalar).filter(Objects::nonNull).toList();
		}
		String scalar = YamlText.scalar(node);
		return (scalar != null) ? List.of(scalar) : List.of();
	}

	private static List<Node> own(List<Node> rules, String domain) {
		List<Node> own = new ArrayList<>();
		for (Node rule : rules) {
			Node value = YamlText.get(rule, "domain");
			String only = YamlText.scalar(value);
			if (value instanceof SequenceNode list && list.getValue().size() == 1) {
				only = YamlText.scalar(list.getValue().get(0));
			}
			if (domain.equals(only)) {
				own.add(rule);
			}
		}
		return own;
	}

	private static String indent(String configuration, List<Node> rules) {
		return " ".repeat(YamlText.dashColumn(configuration, rules.get(0)));
	}

	private static String rule(ExposedService service, String indent) {
		StringBuilder rule = new StringBuilder();
		if (!service.bypassResources().isEmpty()) {
			// no subject: Authelia refuses one on a bypass rule
			rule.append(indent).append("- domain: '").append(service.domain()).append("'\n");
			rule.append(indent).append("  policy: ").append(AutheliaPolicy.BYPASS.value()).append('\n');
			rule.append(indent).append("  resources:\n");
			service.bypassResources()
				.forEach(r -> rule.append(indent).append("    - '").append(r.replace("'", "''")).append("'\n"));
		}
		rule.append(indent).append("- domain: '").append(service.domain()).append("'\n");
		rule.append(indent).append("  policy: ").append(service.policy().value()).append('\n');
		// Authelia refuses subjects on a bypass rule: bypass lets everyone through
		if (service.policy().guarded() && !service.groups().isEmpty()) {
			rule.append(indent).append("  subject:\n");
			service.groups().forEach(g -> rule.append(indent).append("    - 'group:").append(g).append("'\n"));
		}
		return rule.toString();
	}

}
