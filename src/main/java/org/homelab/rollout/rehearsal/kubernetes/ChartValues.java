package org.homelab.rollout.rehearsal.kubernetes;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * A HelmChart's effective values, merged as klipper-helm passes them to helm:
 * {@code spec.values}, then {@code spec.valuesContent}, then the HelmChartConfig's
 * {@code valuesContent}, then {@code spec.set} (dotted keys, {@code \.} for a literal
 * dot). The lab's generic chart reads {@code replicaCount}, {@code nodeSelector} (or
 * {@code global.nodeSelector}), {@code image} and {@code resources.limits}.
 */
record ChartValues(ObjectNode values) {

	private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

	static ChartValues of(Map<String, Object> spec, String configValues) {
		ObjectMapper json = ContractCrds.json();
		ObjectNode values = json.createObjectNode();
		if (spec.get("values") instanceof Map<?, ?> inline) {
			values = (ObjectNode) Patches.merge(values, json.valueToTree(inline));
		}
		if (spec.get("valuesContent") instanceof String content && !content.isBlank()) {
			values = (ObjectNode) Patches.merge(values, parse(content));
		}
		if (!configValues.isBlank()) {
			values = (ObjectNode) Patches.merge(values, parse(configValues));
		}
		if (spec.get("set") instanceof Map<?, ?> set) {
			for (Map.Entry<?, ?> entry : set.entrySet()) {
				put(values, keys(String.valueOf(entry.getKey())), json.valueToTree(entry.getValue()));
			}
		}
		return new ChartValues(values);
	}

	int replicas() {
		return this.values.path("replicaCount").asInt(1);
	}

	/**
	 * {@code nodeSelector}, else {@code global.nodeSelector} (how argo-cd places every
	 * component).
	 */
	Map<String, String> nodeSelector() {
		Map<String, String> selector = new LinkedHashMap<>();
		JsonNode own = this.values.path("nodeSelector");
		(own.isObject() && !own.isEmpty() ? own : this.values.path("global").path("nodeSelector")).fields()
			.forEachRemaining(e -> selector.put(e.getKey(), e.getValue().asText()));
		return selector;
	}

	int gpus() {
		return this.values.path("resources").path("limits").path("nvidia.com/gpu").asInt(0);
	}

	String image(String chart, String version) {
		JsonNode image = this.values.path("image");
		String repository = image.path("repository").asText(chart);
		String tag = image.path("tag").asText((version == null || version.isBlank()) ? "latest" : version);
		return repository + ":" + tag;
	}

	private static JsonNode parse(String yaml) {
		try {
			JsonNode node = YAML.readTree(yaml);
			return (node == null || !node.isObject()) ? ContractCrds.json().createObjectNode() : node;
		}
		catch (IOException ex) {
			// helm would refuse the values; the lab's generic chart just ignores them
			return ContractCrds.json().createObjectNode();
		}
	}

	private static List<String> keys(String dotted) {
		List<String> keys = new ArrayList<>();
		StringBuilder key = new StringBuilder();
		for (int i = 0; i < dotted.length(); i++) {
			char c = dotted.charAt(i);
			if (c == '\\' && i + 1 < dotted.length() && dotted.charAt(i + 1) == '.') {
				key.append('.');
				i++;
			}
			else if (c == '.') {
				keys.add(key.toString());
				key.setLength(0);
			}
			else {
				key.append(c);
			}
		}
		keys.add(key.toString());
		return keys;
	}

	private static void put(ObjectNode root, List<String> keys, JsonNode value) {
		ObjectNode node = root;
		for (String key : keys.subList(0, keys.size() - 1)) {
			node = node.path(key).isObject() ? (ObjectNode) node.get(key) : node.putObject(key);
		}
		node.set(keys.get(keys.size() - 1), value);
	}

}
