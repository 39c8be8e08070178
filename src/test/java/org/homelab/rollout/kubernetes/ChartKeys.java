package org.homelab.rollout.kubernetes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The keys a pinned chart's {@code values.yaml} documents, as listed under
 * {@code src/test/resources/charts/} (one dotted path a line; {@code /*}: passed as a
 * whole), and the keys of a values file that are not among them.
 */
final class ChartKeys {

	private final Set<String> known;

	private ChartKeys(Set<String> known) {
		this.known = known;
	}

	/**
	 * @param resource e.g. {@code /charts/argo-cd-10.1.1.keys}
	 */
	static ChartKeys of(String resource) {
		try (InputStream in = ChartKeys.class.getResourceAsStream(resource)) {
			Set<String> keys = new TreeSet<>();
			for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
				if (!line.isBlank() && !line.startsWith("#")) {
					keys.add(line.strip());
				}
			}
			return new ChartKeys(keys);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Every leaf's dotted path not in the chart's list (or under one of its /* keys). */
	List<String> unknown(JsonNode values) {
		List<String> unknown = new ArrayList<>();
		collect(values, "", unknown);
		return unknown;
	}

	private void collect(JsonNode node, String path, List<String> unknown) {
		node.fields().forEachRemaining(field -> {
			String key = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
			if (this.known.contains(key + "/*")) {
				return;
			}
			if (!this.known.contains(key)) {
				unknown.add(key);
				return;
			}
			if (field.getValue().isObject()) {
				collect(field.getValue(), key, unknown);
			}
		});
	}

}
