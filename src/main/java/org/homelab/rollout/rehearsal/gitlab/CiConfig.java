package org.homelab.rollout.rehearsal.gitlab;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * A project's {@code .gitlab-ci.yml} as GitLab reads it when a pipeline is created: the
 * stages (GitLab's defaults {@code build, test, deploy} when none are given, with
 * {@code .pre} first and {@code .post} last), global {@code variables} and {@code image}
 * (also under {@code default}), and every visible job (a top-level key that is no keyword
 * and does not start with a dot) with its stage ({@code test} by default), tags, image,
 * variables and script, after merging what it {@code extends} (hidden jobs included).
 * What GitLab refuses is refused with its words.
 */
record CiConfig(List<String> stages, List<Job> jobs) {

	static final String FILE = ".gitlab-ci.yml";

	private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

	private static final Set<String> KEYWORDS = Set.of("default", "include", "stages", "variables", "workflow", "image",
			"services", "cache", "before_script", "after_script");

	record Job(String name, String stage, List<String> tags, String image, Map<String, String> variables,
			List<String> script) {
	}

	/** What GitLab says of a configuration it cannot run. */
	static final class Invalid extends Exception {

		Invalid(String message) {
			super(message);
		}

	}

	static CiConfig parse(String text) throws Invalid {
		JsonNode root;
		try {
			root = YAML.readTree(text);
		}
		catch (IOException ex) {
			throw new Invalid("Invalid configuration format");
		}
		if (root == null || !root.isObject()) {
			throw new Invalid("Invalid configuration format");
		}
		List<String> stages = new ArrayList<>(List.of(".pre"));
		JsonNode declared = root.path("stages");
		if (declared.isArray() && !declared.isEmpty()) {
			declared.forEach(stage -> stages.add(stage.asText()));
		}
		else {
			stages.addAll(List.of("build", "test", "deploy"));
		}
		stages.add(".post");
		Map<String, String> globals = variables(root.path("variables"));
		String defaultImage = text(root.path("default").path("image"), text(root.path("image"), null));
		List<Job> jobs = new ArrayList<>();
		for (var it = root.fields(); it.hasNext();) {
			var entry = it.next();
			String name = entry.getKey();
			if (KEYWORDS.contains(name) || name.startsWith(".")) {
				continue;
			}
			if (!entry.getValue().isObject()) {
				throw new Invalid("jobs:" + name + " config should be a hash");
			}
			JsonNode job = extended(root, name, entry.getValue(), new ArrayList<>());
			List<String> script = strings(job.path("script"));
			if (script.isEmpty() && !job.has("trigger")) {
				throw new Invalid("jobs:" + name + " config should implement a script: or a trigger: keyword");
			}
			String stage = job.path("stage").asText("test");
			if (!stages.contains(stage)) {
				throw new Invalid("jobs:" + name + " chosen stage " + stage + " does not exist; available stages are "
						+ String.join(", ", stages));
			}
			Map<String, String> variables = new LinkedHashMap<>(globals);
			variables.putAll(variables(job.path("variables")));
			jobs.add(new Job(name, stage, strings(job.path("tags")), text(job.path("image"), defaultImage),
					Map.copyOf(variables), script));
		}
		if (jobs.isEmpty()) {
			throw new Invalid("jobs config should contain at least one visible job");
		}
		return new CiConfig(List.copyOf(stages), List.copyOf(jobs));
	}

	/** How deep GitLab follows {@code extends} (11 levels). */
	private static final int MAX_EXTENDS = 11;

	/**
	 * The job with what it {@code extends} merged in as GitLab does: each named entry
	 * (hidden ones too), itself extended first, deep-merged in the list's order, the
	 * job's own keys last; hashes merge key by key, anything else (a list, a string) is
	 * replaced whole.
	 */
	private static JsonNode extended(JsonNode root, String name, JsonNode job, List<String> path) throws Invalid {
		JsonNode parents = job.get("extends");
		if (parents == null) {
			return job;
		}
		path.add(name);
		if (path.size() > MAX_EXTENDS) {
			throw new Invalid(path.get(0) + ": nesting too deep in `extends`");
		}
		ObjectNode merged = YAML.createObjectNode();
		for (String parent : strings(parents)) {
			if (path.contains(parent)) {
				throw new Invalid(path.get(0) + ": circular dependency detected in `extends`");
			}
			JsonNode base = root.get(parent);
			if (base == null || !base.isObject()) {
				throw new Invalid(path.get(0) + ": unknown keys in `extends` (" + parent + ")");
			}
			merge(merged, extended(root, parent, base, new ArrayList<>(path)));
		}
		merge(merged, job);
		merged.remove("extends");
		return merged;
	}

	private static void merge(ObjectNode into, JsonNode from) {
		from.fields().forEachRemaining(e -> {
			JsonNode present = into.get(e.getKey());
			if (present instanceof ObjectNode object && e.getValue().isObject()) {
				merge(object, e.getValue());
			}
			else {
				into.set(e.getKey(), e.getValue().deepCopy());
			}
		});
	}

	/** The stages that have jobs, in order. */
	List<String> usedStages() {
		return this.stages.stream().filter(s -> this.jobs.stream().anyMatch(j -> j.stage().equals(s))).toList();
	}

	/** {@code image: name} or {@code image: {name: …}}. */
	private static String text(JsonNode image, String otherwise) {
		if (image.isTextual()) {
			return image.asText();
		}
		if (image.path("name").isTextual()) {
			return image.path("name").asText();
		}
		return otherwise;
	}

	private static Map<String, String> variables(JsonNode node) {
		Map<String, String> variables = new LinkedHashMap<>();
		node.fields().forEachRemaining(e -> {
			JsonNode value = e.getValue();
			variables.put(e.getKey(), value.isObject() ? value.path("value").asText("") : value.asText(""));
		});
		return variables;
	}

	private static List<String> strings(JsonNode node) {
		List<String> values = new ArrayList<>();
		if (node.isArray()) {
			node.forEach(v -> values.add(v.asText()));
		}
		else if (node.isTextual()) {
			values.add(node.asText());
		}
		return List.copyOf(values);
	}

}
