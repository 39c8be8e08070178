package org.homelab.rollout.monitoring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Modeler templates of the monitoring steps point at what exists: a model in
 * processes/, or a criteria bean.
 */
class MonitoringElementTemplatesTests {

	private static final Path DIR = Path.of("processes/.camunda/element-templates");

	@Test
	void everyTemplateCallsAnExistingProcessOrCriterion() throws IOException {
		Set<String> criteria = Set.of("${checkPrometheusCollectingDelegate}", "${checkGrafanaOperationalDelegate}",
				"${checkAlertingRulesDelegate}");
		List<JsonNode> templates = templates();
		assertThat(templates).hasSize(10);
		for (JsonNode template : templates) {
			for (JsonNode property : template.path("properties")) {
				String name = property.path("binding").path("name").asText("");
				String value = property.path("value").asText();
				if (name.equals("calledElement")) {
					assertThat(Path.of("processes", value + ".bpmn")).as(template.path("id").asText()).exists();
					assertThat(Files.readString(Path.of("processes", value + ".bpmn")))
						.contains("id=\"" + value + "\"");
				}
				if (name.equals("camunda:delegateExpression")) {
					assertThat(value).isIn(criteria);
				}
			}
		}
	}

	private static List<JsonNode> templates() throws IOException {
		List<JsonNode> templates = new ArrayList<>();
		try (Stream<Path> files = Files.list(DIR)) {
			for (Path file : files.filter(f -> f.getFileName().toString().startsWith("monitoring-")).toList()) {
				new ObjectMapper().readTree(Files.readString(file)).forEach(templates::add);
			}
		}
		return templates;
	}

}
