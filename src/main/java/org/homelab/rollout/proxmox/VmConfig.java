package org.homelab.rollout.proxmox;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** A guest's configuration as Proxmox reports it, every value as text. */
public record VmConfig(Map<String, String> values) {

	public VmConfig {
		values = Map.copyOf(values);
	}

	public String name() {
		return this.values.get("name");
	}

	/** Empty when there is none. */
	public String description() {
		return this.values.getOrDefault("description", "");
	}

	/** Tags are separated by ';' (also ',' or spaces in older configs). */
	public Set<String> tags() {
		return tags(this.values.get("tags"));
	}

	public String lock() {
		return this.values.get("lock");
	}

	static Set<String> tags(String text) {
		if (text == null || text.isBlank()) {
			return Set.of();
		}
		return Arrays.stream(text.split("[;,\\s]+")).filter(t -> !t.isEmpty()).collect(Collectors.toUnmodifiableSet());
	}

}
