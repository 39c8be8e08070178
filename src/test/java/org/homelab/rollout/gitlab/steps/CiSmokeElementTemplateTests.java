package org.homelab.rollout.gitlab.steps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Modeler template of ci-smoke-check calls the model that exists and hands in and out
 * the variables its steps read and set.
 */
class CiSmokeElementTemplateTests {

	@Test
	void theTemplateCallsCiSmokeCheckWithItsVariables() throws IOException {
		JsonNode template = new ObjectMapper()
			.readTree(Files.readString(Path.of("processes/.camunda/element-templates/gitlab-ci-smoke-check.json")))
			.get(0);
		String model = Files.readString(Path.of("processes/ci-smoke-check.bpmn"));
		List<String> in = new ArrayList<>();
		List<String> out = new ArrayList<>();
		for (JsonNode property : template.path("properties")) {
			JsonNode binding = property.path("binding");
			switch (binding.path("type").asText()) {
				case "property" -> {
					if (binding.path("name").asText().equals("calledElement")) {
						assertThat(model).contains("<bpmn:process id=\"" + property.path("value").asText() + "\"");
					}
				}
				case "camunda:in" -> in.add(binding.path("target").asText());
				case "camunda:out" -> out.add(binding.path("source").asText());
				default -> {
				}
			}
		}
		assertThat(in).contains(CiSmokeVariables.GPU_RUNNER_ID, CiSmokeVariables.GENERAL_RUNNER_ID,
				CiSmokeVariables.TIMEOUT);
		assertThat(model).contains("execution.getVariable('" + CiSmokeVariables.TIMEOUT + "')");
		for (String key : List.of(CiSmokeVariables.RUNNERS_EXECUTING, CiSmokeVariables.REGISTRY_OPERATIONAL,
				CiSmokeVariables.PIPELINES_RUNNING)) {
			assertThat(out).contains(key + "Met", key + "Result");
		}
		assertThat(out).contains(CiSmokeVariables.PIPELINE_ID, CiSmokeVariables.PIPELINE_URL,
				CiSmokeVariables.PIPELINE_STATUS);
	}

}
