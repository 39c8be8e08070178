package org.homelab.rollout.ansible.steps;

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
 * The Modeler templates of Ansible's call activities call their models and hand over the
 * variables the models read and set, each named in the model's documentation; the undo's
 * template takes every "created"/"written" output of the install's.
 */
class AnsibleElementTemplatesTests {

	private static final Path DIR = Path.of("processes/.camunda/element-templates");

	@Test
	void templatesCallTheModelsAndPassWhatTheModelsUse() throws IOException {
		Map<String, List<String>> expected = Map.of("ansible-install",
				List.of("vmName", "ansibleProxmoxTokenCreated", "ansibleProxmoxTokenWritten",
						"ansibleProxmoxUserCreated", "ansibleContentCommitted", "ansibleDeployTokenId",
						"ansibleDeployTokenCreated", "ansibleDeployTokenWritten"),
				"ansible-remove", List.of("ansibleDeployTokenId", "ansibleRemoved"), "ansible-check",
				List.of("vmName", "ansiblePlaybooksFunctionalMet", "ansiblePlaybooksFunctionalResult",
						"ansibleAutomationWorkingMet", "ansibleAutomationWorkingResult"));
		Map<String, List<String>> passed = new HashMap<>();
		for (String model : expected.keySet()) {
			JsonNode template = new ObjectMapper().readTree(Files.readString(DIR.resolve(model + ".json"))).get(0);
			String bpmn = Files.readString(Path.of("processes", model + ".bpmn"));
			assertThat(bpmn).contains("id=\"" + model + "\"");
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
			assertThat(names).as(model).containsAll(expected.get(model));
			names.stream().filter(name -> !name.equals("rolloutRun")).forEach(name -> assertThat(bpmn).contains(name));
			passed.put(model, names);
		}
		List<String> created = passed.get("ansible-install")
			.stream()
			.filter(name -> name.endsWith("Created") || name.endsWith("Written") || name.endsWith("Granted")
					|| name.endsWith("Committed"))
			.toList();
		assertThat(created).hasSize(7);
		assertThat(passed.get("ansible-remove")).containsAll(created);
	}

}
