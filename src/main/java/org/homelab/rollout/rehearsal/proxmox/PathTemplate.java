package org.homelab.rollout.rehearsal.proxmox;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An API path such as {@code /nodes/{node}/qemu/{vmid}/clone}; literal segments win over
 * variables when routing.
 */
record PathTemplate(String template, List<String> segments) {

	static PathTemplate of(String template) {
		return new PathTemplate(template, Arrays.stream(template.split("/")).filter(s -> !s.isEmpty()).toList());
	}

	/** The path variables when {@code path} (decoded segments) fits this template. */
	Optional<Map<String, String>> match(List<String> path) {
		if (path.size() != this.segments.size()) {
			return Optional.empty();
		}
		Map<String, String> vars = new LinkedHashMap<>();
		for (int i = 0; i < path.size(); i++) {
			String segment = this.segments.get(i);
			if (isVariable(segment)) {
				vars.put(segment.substring(1, segment.length() - 1), path.get(i));
			}
			else if (!segment.equals(path.get(i))) {
				return Optional.empty();
			}
		}
		return Optional.of(vars);
	}

	/** How specific the template is: more literal segments route first. */
	int literals() {
		return (int) this.segments.stream().filter(s -> !isVariable(s)).count();
	}

	static boolean isVariable(String segment) {
		return segment.startsWith("{") && segment.endsWith("}");
	}

}
