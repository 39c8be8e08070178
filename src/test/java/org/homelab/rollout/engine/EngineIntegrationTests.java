package org.homelab.rollout.engine;

import java.time.Duration;
import java.util.List;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.repository.Resource;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.homelab.rollout.support.Runs;
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
	RuntimeService runtime;

	@Autowired
	HistoryService history;

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
		ProcessInstance instance = this.runtime.startProcessInstanceByKey("smoke-test");
		Runs.awaitEnded(this.history, instance.getId(), Duration.ofSeconds(30));
		assertThat(variable(instance, "checked")).isEqualTo(true);
		assertThat(variable(instance, RehearsalMarks.VARIABLE)).isEqualTo(true);
	}

	private Object variable(ProcessInstance instance, String name) {
		HistoricVariableInstance variable = this.history.createHistoricVariableInstanceQuery()
			.processInstanceId(instance.getId())
			.variableName(name)
			.singleResult();
		return (variable != null) ? variable.getValue() : null;
	}

}
