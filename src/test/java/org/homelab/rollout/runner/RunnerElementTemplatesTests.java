package org.homelab.rollout.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.homelab.rollout.runner.steps.RunnerVariables;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Modeler templates of the runner models call them, offer the plan's two runners, and
 * hand over what the models' documentation says they take and give; remove takes every
 * flag install gives.
 */
class RunnerElementTemplatesTests {

	private static final Path DIR = Path.of("processes/.camunda/element-templates");

	@ParameterizedTest
	@ValueSource(strings = { "gitlab-runner-install", "gitlab-runner-remove" })
	void templatesCallTheModelsAndPassWhatTheModelsUse(String model) throws IOException {
		JsonNode template = new ObjectMapper().readTree(Files.readString(DIR.resolve("runner-" + model + ".json")))
			.get(0);
		String bpmn = Files.readString(Path.of("processes", model + ".bpmn"));
		List<String> choices = new ArrayList<>();
		List<String> in = new ArrayList<>();
		List<String> out = new ArrayList<>();
		for (JsonNode property : template.path("properties")) {
			JsonNode binding = property.path("binding");
			if (binding.path("name").asText().equals("calledElement")) {
				assertThat(property.path("value").asText()).isEqualTo(model);
			}
			property.path("choices").forEach(choice -> choices.add(choice.path("value").asText()));
			if (binding.path("type").asText().equals("camunda:in") && binding.has("target")) {
				in.add(binding.path("target").asText());
			}
			if (binding.path("type").asText().equals("camunda:out")) {
				out.add(binding.path("source").asText());
			}
		}
		assertThat(bpmn).contains("id=\"" + model + "\"");
		assertThat(choices).containsExactlyInAnyOrder("gpu", "general");
		assertThat(in).contains(RunnerVariables.RUNNER_NAME);
		if (model.endsWith("install")) {
			assertThat(out).contains(RunnerVariables.RUNNER_ID, RunnerVariables.RUNNER_CREATED,
					RunnerVariables.TOKEN_STORED, RunnerVariables.SECRET_CREATED, RunnerVariables.RELEASE_CREATED);
		}
		else {
			assertThat(in).contains(RunnerVariables.RUNNER_ID, RunnerVariables.RUNNER_CREATED,
					RunnerVariables.TOKEN_STORED, RunnerVariables.SECRET_CREATED, RunnerVariables.RELEASE_CREATED);
		}
		// the model's documentation names what it takes and gives
		in.stream().filter(name -> !name.equals("rolloutRun")).forEach(name -> assertThat(bpmn).contains(name));
		out.forEach(name -> assertThat(bpmn).contains(name));
	}

}
