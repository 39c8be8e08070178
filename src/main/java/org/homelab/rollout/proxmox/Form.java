package org.homelab.rollout.proxmox;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Parameters of one call in the order given; a name may repeat (PVE reads repeats as an
 * array). Booleans go as 1/0, as PVE's schema wants them.
 */
final class Form {

	private final List<Map.Entry<String, String>> entries = new ArrayList<>();

	Form add(String name, Object value) {
		if (value != null) {
			this.entries.add(Map.entry(name, (value instanceof Boolean flag) ? (flag ? "1" : "0") : value.toString()));
		}
		return this;
	}

	Form addAll(String name, List<String> values) {
		values.forEach(value -> add(name, value));
		return this;
	}

	List<Map.Entry<String, String>> entries() {
		return Collections.unmodifiableList(this.entries);
	}

	boolean isEmpty() {
		return this.entries.isEmpty();
	}

}
