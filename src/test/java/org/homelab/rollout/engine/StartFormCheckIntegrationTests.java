package org.homelab.rollout.engine;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A start is checked against its start form whatever the model does: a model of the
 * test's own with Phase 1's start form and no start listener of its own, so only the
 * form's rules stand between a REST start and the instance.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({ "rehearsal", "test" })
@AutoConfigureObservability(tracing = false)
class StartFormCheckIntegrationTests {

	private static final String MODEL = """
			<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="t"
			    xmlns:camunda="http://camunda.org/schema/1.0/bpmn">
			  <process id="form-checked-start" name="Form-checked start" isExecutable="true"
			      camunda:historyTimeToLive="P1D">
			    <startEvent id="s" camunda:formRef="phase-1-start" camunda:formRefBinding="deployment"/>
			    <sequenceFlow id="f" sourceRef="s" targetRef="wait"/>
			    <userTask id="wait"/>
			  </process>
			</definitions>""";

	private static final String START = "/engine-rest/process-definition/key/form-checked-start/start";

	@LocalServerPort
	int port;

	@Autowired
	RepositoryService repository;

	@Autowired
	RuntimeService runtime;

	@Autowired
	HistoryService history;

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeEach
	void deployModelWithPhase1StartForm() throws IOException {
		// the form in the model's own deployment, as formRefBinding="deployment" wants;
		// redeployed only if changed
		this.repository.createDeployment()
			.name("form-checked-start")
			.enableDuplicateFiltering(true)
			.addString("form-checked-start.bpmn", MODEL)
			.addInputStream("phase-1-start.form", Files.newInputStream(Path.of("forms", "phase-1-start.form")))
			.deploy();
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					not a choice   | {"releaseReadyTimeout": {"value": "PT1H"}}                 | releaseReadyTimeout must be one of [PT5M, PT15M, PT30M], was 'PT1H'
					wrong type     | {"releaseReadyTimeout": {"value": 15, "type": "Integer"}}  | releaseReadyTimeout must be a String: one of [PT5M, PT15M, PT30M], was a Integer
					empty required | {"releaseReadyTimeout": {"value": ""}}                     | releaseReadyTimeout is required: one of [PT5M, PT15M, PT30M]
					pattern        | {"rolloutRun": {"value": "run one"}}                       | rolloutRun must match ^[A-Za-z0-9]
					unknown        | {"releaseReadyTimeout": {"value": "PT5M"}, "x": {"value": 1}} | unknown variable 'x' (the form takes [rolloutRun, releaseReadyTimeout])
					""")
	void startOutsideTheFormIsRefusedWith400AndNoInstanceExists(String name, String variables, String message)
			throws Exception {
		String key = "form-start-" + Math.abs(name.hashCode());

		HttpResponse<String> response = start(key, variables);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(response.body()).contains("\"type\":\"InvalidRequestException\"")
			.contains("'Form-checked start' not started, nothing was created: " + message);
		assertThat(this.history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(key).count()).isZero();
	}

	@Test
	void startLeavingOutAFieldWithADefaultGetsTheFormsDefault() throws Exception {
		HttpResponse<String> response = start("form-start-default", "{\"rolloutRun\": {\"value\": \"ci-7\"}}");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		String id = response.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
		assertThat(this.runtime.getVariables(id)).containsEntry("releaseReadyTimeout", "PT15M")
			.containsEntry("rolloutRun", "ci-7");
		this.runtime.deleteProcessInstance(id, "test over");
	}

	private HttpResponse<String> start(String businessKey, String variables) throws Exception {
		// an admin: CI may start the phases only, and this model is none
		String basic = Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8));
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + START))
			.header("Authorization", "Basic " + basic)
			.header("Content-Type", "application/json")
			.POST(BodyPublishers
				.ofString("{\"businessKey\": \"" + businessKey + "\", \"variables\": " + variables + "}"))
			.build(), BodyHandlers.ofString());
	}

}
