package org.homelab.rollout.rehearsal.frontdoor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One Authelia access-control rule as loaded: it applies when the domain (literal,
 * {@code *.} wildcard, or regex), the resources, the methods and the subject all match.
 * The lab ignores {@code networks} (every request comes from the lab network). Without a
 * session, a rule with a subject may still apply: Authelia asks such a visitor to log in.
 */
public record AccessRule(List<String> domains, List<Pattern> domainRegex, List<Pattern> resources, List<String> methods,
		List<List<String>> subjects, String policy) {

	static AccessRule of(JsonNode rule) {
		List<List<String>> subjects = new ArrayList<>();
		JsonNode subject = rule.path("subject");
		if (subject.isTextual()) {
			subjects.add(List.of(subject.asText()));
		}
		for (JsonNode entry : subject) {
			subjects.add(entry.isArray() ? strings(entry) : List.of(entry.asText()));
		}
		return new AccessRule(strings(rule.path("domain")),
				strings(rule.path("domain_regex")).stream().map(AutheliaConfig::regex).toList(),
				strings(rule.path("resources")).stream().map(AutheliaConfig::regex).toList(),
				strings(rule.path("methods")), subjects, rule.path("policy").asText());
	}

	boolean matches(String host, String path, String method, AutheliaSessions.Session session) {
		String name = host.toLowerCase(Locale.ROOT);
		boolean domain = this.domains.stream()
			.map(d -> d.toLowerCase(Locale.ROOT))
			.anyMatch(d -> d.startsWith("*.") ? name.endsWith(d.substring(1)) : name.equals(d))
				|| this.domainRegex.stream().anyMatch(p -> p.matcher(name).matches());
		if (!domain) {
			return false;
		}
		if (!this.methods.isEmpty() && !this.methods.contains(method)) {
			return false;
		}
		if (!this.resources.isEmpty() && this.resources.stream().noneMatch(p -> p.matcher(path).find())) {
			return false;
		}
		if (this.subjects.isEmpty() || session == null) {
			return true;
		}
		return this.subjects.stream().anyMatch(all -> all.stream().allMatch(session::is));
	}

	private static List<String> strings(JsonNode node) {
		if (node.isMissingNode() || node.isNull()) {
			return List.of();
		}
		if (!node.isArray()) {
			return List.of(node.asText());
		}
		List<String> values = new ArrayList<>();
		node.forEach(value -> values.add(value.asText()));
		return values;
	}

}
