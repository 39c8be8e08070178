package org.homelab.rollout.kubernetes.steps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Modeler templates of the Kubernetes steps point at what exists: delegates, topics,
 * processes, variables.
 */
class ElementTemplatesTests {

	private static final Path DIR = Path.of("processes/.camunda/element-templates");

	@Test
	void everyTemplateNamesAnExistingDelegateTopicOrProcess() throws IOException {
		Set<String> known = Set.of("${installHelmReleaseDelegate}", "${uninstallHelmReleaseDelegate}",
				HelmInstallJobWait.TOPIC, HelmReleaseReadyWait.TOPIC, HelmUninstallWait.TOPIC, "install-helm-release",
				"uninstall-helm-release");
		List<JsonNode> templates = templates();
		assertThat(templates).hasSize(7);
		for (JsonNode template : templates) {
			List<String> targets = new ArrayList<>();
			for (JsonNode property : template.path("properties")) {
				String name = property.path("binding").path("name").asString("");
				if (Set.of("camunda:delegateExpression", "camunda:topic", "calledElement").contains(name)) {
					targets.add(property.path("value").asString());
				}
			}
			assertThat(targets).as(template.path("id").asString()).singleElement().isIn(known);
		}
	}

	@Test
	void theCallActivityTemplatesPassTheProcessesVariables() throws IOException {
		JsonNode install = templates().stream()
			.filter(t -> t.path("id").asString().endsWith("install-helm-release"))
			.findFirst()
			.orElseThrow();
		List<String> ins = new ArrayList<>();
		install.path("properties").forEach(p -> ins.add(p.path("binding").path("target").asString("")));
		assertThat(ins).contains(HelmReleaseVariables.RELEASE_NAME, HelmReleaseVariables.CHART,
				HelmReleaseVariables.CHART_REPO, HelmReleaseVariables.CHART_VERSION,
				HelmReleaseVariables.RELEASE_NAMESPACE, HelmReleaseVariables.VALUES_REF, HelmReleaseVariables.PLACEMENT,
				HelmReleaseVariables.READY_TIMEOUT);
	}

	private static List<JsonNode> templates() throws IOException {
		List<JsonNode> templates = new ArrayList<>();
		try (Stream<Path> files = Files.list(DIR)) {
			for (Path file : files.filter(f -> f.getFileName().toString().startsWith("kubernetes-")).toList()) {
				Serialization.jsonMapper().readTree(Files.readString(file)).forEach(templates::add);
			}
		}
		return templates;
	}

}
