package org.homelab.rollout.argocd.steps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Modeler templates of the Argo CD models call them and hand over what the models'
 * documentation says they take and give; remove takes every flag install gives.
 */
class ArgoCdElementTemplatesTests {

	private static final Path DIR = Path.of("processes/.camunda/element-templates");

	private static final List<String> FLAGS = List.of(ArgoCdVariables.RELEASE_CREATED,
			ArgoCdVariables.ADMIN_PASSWORD_STORED, ArgoCdVariables.GITOPS_PROJECT_ID, ArgoCdVariables.DEPLOY_TOKEN_ID,
			ArgoCdVariables.DEPLOY_TOKEN_CREATED, ArgoCdVariables.DEPLOY_TOKEN_STORED,
			ArgoCdVariables.REPOSITORY_SECRET_CREATED);

	@ParameterizedTest
	@ValueSource(strings = { "argocd-install", "argocd-remove", "gitops-publish", "gitops-unpublish", "gitops-check" })
	void templatesCallTheModelsAndPassWhatTheModelsUse(String model) throws IOException {
		JsonNode template = new ObjectMapper().readTree(Files.readString(DIR.resolve(model + ".json"))).get(0);
		String bpmn = Files.readString(Path.of("processes", model + ".bpmn"));
		List<String> in = new ArrayList<>();
		List<String> out = new ArrayList<>();
		boolean calls = false;
		for (JsonNode property : template.path("properties")) {
			JsonNode binding = property.path("binding");
			if (binding.path("name").asText().equals("calledElement")) {
				assertThat(property.path("value").asText()).isEqualTo(model);
				calls = true;
			}
			if (binding.path("type").asText().equals("camunda:in") && binding.has("target")) {
				in.add(binding.path("target").asText());
			}
			if (binding.path("type").asText().equals("camunda:out")) {
				out.add(binding.path("source").asText());
			}
		}
		assertThat(calls).isTrue();
		assertThat(bpmn).contains("id=\"" + model + "\"");
		if (model.equals("argocd-install")) {
			assertThat(out).containsAll(FLAGS);
		}
		else if (model.equals("argocd-remove")) {
			assertThat(in).containsAll(FLAGS);
		}
		else if (model.equals("gitops-publish")) {
			assertThat(out).contains(GitopsVariables.ROOT_CREATED, GitopsVariables.PROJECTS_CREATED);
		}
		else if (model.equals("gitops-unpublish")) {
			assertThat(in).contains(GitopsVariables.ROOT_CREATED, GitopsVariables.PROJECTS_CREATED);
		}
		else {
			assertThat(out).contains(GitopsVariables.MANAGING_MET, GitopsVariables.MANAGING_RESULT,
					GitopsVariables.WORKFLOWS_MET, GitopsVariables.WORKFLOWS_RESULT);
		}
		in.stream().filter(name -> !name.equals("rolloutRun")).forEach(name -> assertThat(bpmn).contains(name));
		out.forEach(name -> assertThat(bpmn).contains(name));
	}

	@Test
	void theRepositorySecretIsLabelledForArgoCdAndCarriesNoValue() {
		GenericKubernetesResource resource = RepositorySecret.externalSecret("argocd",
				"https://gitlab.homelab.lan/homelab/gitops.git");
		String yaml = Serialization.asYaml(resource);

		assertThat(yaml).contains("argocd.argoproj.io/secret-type: \"repository\"")
			.contains("key: \"services/argocd/gitops-deploy-token\"")
			.contains("property: \"token\"")
			.contains("url: \"https://gitlab.homelab.lan/homelab/gitops.git\"")
			.contains("type: \"git\"");
	}

}
