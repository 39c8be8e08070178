package org.homelab.rollout.backup.steps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Modeler templates of pbs-install and pbs-remove call their models and hand over the
 * variables the models read and set, each named in the model; the undo's template takes
 * every "created" output of the install's, and the address and fingerprint it signs in
 * with.
 */
class PbsElementTemplatesTests {

	private static final Path DIR = Path.of("processes/.camunda/element-templates");

	@Test
	void templatesCallTheModelsAndPassWhatTheModelsUse() throws IOException {
		Map<String, List<String>> passed = new HashMap<>();
		for (String model : List.of("pbs-install", "pbs-remove")) {
			JsonNode template = new ObjectMapper().readTree(Files.readString(DIR.resolve("backup-" + model + ".json")))
				.get(0);
			String bpmn = Files.readString(Path.of("processes", model + ".bpmn"));
			List<String> names = new ArrayList<>();
			for (JsonNode property : template.path("properties")) {
				JsonNode binding = property.path("binding");
				if (binding.path("name").asText().equals("calledElement")) {
					assertThat(property.path("value").asText()).isEqualTo(model);
				}
				if (binding.path("type").asText().equals("camunda:in") && binding.has("target")) {
					names.add(binding.path("target").asText());
				}
				if (binding.path("type").asText().equals("camunda:out")) {
					names.add(binding.path("source").asText());
				}
			}
			names.stream().filter(name -> !name.equals("rolloutRun")).forEach(name -> assertThat(bpmn).contains(name));
			passed.put(model, names);
		}
		List<String> created = passed.get("pbs-install")
			.stream()
			.filter(name -> name.endsWith("Created") || name.endsWith("Written") || name.endsWith("Granted")
					|| name.endsWith("Installed") || name.endsWith("Added"))
			.toList();
		assertThat(created).hasSize(18);
		assertThat(passed.get("pbs-remove")).containsAll(created)
			.contains("pbsAddress", "pbsFingerprint", "pbsDatastore", "pbsDisk", "pbsPruneJobId", "pbsVerifyJobId",
					"deleteBackups", "vmName");
	}

}
