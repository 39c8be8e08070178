package org.homelab.rollout.backup;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Parameters of one call in the order given; a name may repeat (an array, e.g.
 * {@code delete}). Booleans go as {@code true}/{@code false}, which PBS's schema parses.
 */
final class PbsForm {

	private final List<Map.Entry<String, String>> entries = new ArrayList<>();

	PbsForm add(String name, Object value) {
		if (value != null) {
			this.entries.add(Map.entry(name, value.toString()));
		}
		return this;
	}

	List<Map.Entry<String, String>> entries() {
		return Collections.unmodifiableList(this.entries);
	}

}
