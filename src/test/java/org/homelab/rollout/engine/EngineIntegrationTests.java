package org.homelab.rollout.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.Resource;
import org.homelab.rollout.support.ProcessRuns;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine starts on H2, deploys the models and forms it finds, and runs a model to its
 * end on the job executor.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({ "rehearsal", "test" })
@AutoConfigureObservability(tracing = false)
class EngineIntegrationTests {

	@Autowired
	RepositoryService repository;

	@Autowired
	ProcessEngine engine;

	@Test
	void deploysEveryModelAndFormInOneDeployment() {
		String deploymentId = this.repository.createProcessDefinitionQuery()
			.processDefinitionKey("smoke-test")
			.latestVersion()
			.singleResult()
			.getDeploymentId();
		List<String> names = this.repository.getDeploymentResources(deploymentId)
			.stream()
			.map(Resource::getName)
			.toList();
		assertThat(names).anyMatch(name -> name.endsWith("smoke-test.bpmn"));
		// resource names are where the engine found them (a path ending in
		// processes/x.bpmn, or inside the jar)
		for (String file : ProjectModels.deployableResourceNames()) {
			assertThat(names).as(file).anyMatch(name -> name.endsWith(file));
		}
	}

	@Test
	void runsAProcessToItsEndAndMarksItAsRehearsal() {
		ProcessRuns runs = new ProcessRuns(this.engine).within(Duration.ofSeconds(30));
		String instance = runs.start("smoke-test", Map.of());
		runs.awaitEnd(instance);
		assertThat(runs.variable(instance, "checked")).isEqualTo(true);
		assertThat(runs.variable(instance, RehearsalMarks.VARIABLE)).isEqualTo(true);
	}

}
