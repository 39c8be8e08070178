package org.homelab.rollout.vault.steps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.homelab.rollout.eso.steps.EsoVariables;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Modeler templates of the Vault steps name processes and delegates that exist, and
 * their variables.
 */
class VaultElementTemplatesTests {

	private static final Path DIR = Path.of("processes/.camunda/element-templates");

	@Test
	void everyVaultTemplateNamesAnExistingProcessOrDelegate() throws IOException {
		Set<String> processes = Set.of("vault-install", "eso-connect", "eso-disconnect");
		Set<String> delegates = Set.of("${generateSecretDelegate}", "${checkVaultConfigured}");
		List<JsonNode> templates = templates();
		assertThat(templates).hasSize(5);
		for (JsonNode template : templates) {
			List<String> targets = new ArrayList<>();
			for (JsonNode property : template.path("properties")) {
				String name = property.path("binding").path("name").asText("");
				if (name.equals("calledElement")) {
					assertThat(Path.of("processes", property.path("value").asText() + ".bpmn")).exists();
					targets.add(property.path("value").asText());
				}
				if (name.equals("camunda:delegateExpression")) {
					targets.add(property.path("value").asText());
				}
			}
			assertThat(targets).as(template.path("id").asText())
				.singleElement()
				.matches(t -> processes.contains(t) || delegates.contains(t));
		}
	}

	@Test
	void theCallTemplatesMapTheContractsVariables() throws IOException {
		List<String> bound = new ArrayList<>();
		for (JsonNode template : templates()) {
			template.path("properties").forEach(p -> {
				bound.add(p.path("binding").path("target").asText(""));
				bound.add(p.path("binding").path("source").asText(""));
			});
		}
		assertThat(bound).contains("vmName", "rolloutRun", VaultVariables.ADDRESS, VaultVariables.CA_FILE,
				VaultVariables.ADOPTED, EsoVariables.STORE_CREATED, EsoVariables.STORE_DELETED,
				EsoVariables.PROOF_PATH);
	}

	private static List<JsonNode> templates() throws IOException {
		List<JsonNode> templates = new ArrayList<>();
		try (Stream<Path> files = Files.list(DIR)) {
			for (Path file : files.filter(f -> f.getFileName().toString().startsWith("vault-")).toList()) {
				new ObjectMapper().readTree(Files.readString(file)).forEach(templates::add);
			}
		}
		return templates;
	}

}
