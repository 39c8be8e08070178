package org.homelab.rollout.frontdoor;

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
 * The Modeler templates of the front door call its models, offer exactly the services the
 * front door knows, and hand over the variables the models read and set.
 */
class FrontdoorElementTemplatesTests {

	private static final Path DIR = Path.of("processes/.camunda/element-templates");

	@Test
	void templatesCallTheModelsOfferTheKnownServicesAndPassWhatTheModelsUse() throws IOException {
		for (String model : List.of("expose-service", "unexpose-service")) {
			JsonNode template = new ObjectMapper()
				.readTree(Files.readString(DIR.resolve("frontdoor-" + model + ".json")))
				.get(0);
			String bpmn = Files.readString(Path.of("processes", model + ".bpmn"));
			assertThat(bpmn).contains("id=\"" + model + "\"");
			List<String> choices = new ArrayList<>();
			List<String> passed = new ArrayList<>();
			for (JsonNode property : template.path("properties")) {
				JsonNode binding = property.path("binding");
				if (binding.path("name").asText().equals("calledElement")) {
					assertThat(property.path("value").asText()).isEqualTo(model);
				}
				property.path("choices").forEach(choice -> choices.add(choice.path("value").asText()));
				if (binding.path("type").asText().equals("camunda:in") && binding.has("target")) {
					passed.add(binding.path("target").asText());
				}
				if (binding.path("type").asText().equals("camunda:out")) {
					passed.add(binding.path("source").asText());
				}
			}
			assertThat(choices).containsExactlyInAnyOrderElementsOf(ExposedServices.NAMES);
			assertThat(passed).contains("frontdoorService", "frontdoorSiteAdded", "frontdoorRuleAdded",
					"frontdoorEntryAdded");
			// the model's documentation names what it takes and gives
			passed.stream().filter(name -> !name.equals("rolloutRun")).forEach(name -> assertThat(bpmn).contains(name));
		}
	}

}
