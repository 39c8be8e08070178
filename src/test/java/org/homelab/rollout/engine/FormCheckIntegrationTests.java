package org.homelab.rollout.engine;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every user task of the project's models is completed over REST as its form allows, or
 * refused with 400 naming the field while the task stays open. Each run starts its model
 * right at the task, so nothing before it runs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({ "rehearsal", "test" })
@AutoConfigureObservability(tracing = false)
class FormCheckIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	RuntimeService runtime;

	@Autowired
	TaskService tasks;

	@Autowired
	HistoryService history;

	private final HttpClient http = HttpClient.newHttpClient();

	private ProcessInstance instance;

	@AfterEach
	void removeInstance() {
		if (this.instance != null) {
			// a valid completion may have handed the run to the job executor: retry until
			// no job holds it
			await().ignoreExceptions().until(() -> {
				if (this.runtime.createProcessInstanceQuery().processInstanceId(this.instance.getId()).count() > 0) {
					this.runtime.deleteProcessInstance(this.instance.getId(), "test over", true);
				}
				return true;
			});
		}
	}

	@ParameterizedTest(name = "{0} {1}: {2}")
	@CsvSource(delimiter = '|',
			textBlock = """
					phase-1-foundation | approve-phase-1     | complete    | {}                                                        | phase1Decision is required: one of [approve, reject]
					phase-1-foundation | approve-phase-1     | complete    | {"phase1Decision": {"value": "maybe"}}                    | phase1Decision must be one of [approve, reject], was 'maybe'
					phase-1-foundation | approve-phase-1     | submit-form | {"phase1Decision": {"value": "approve"}, "vaultConfiguredMet": {"value": true}} | vaultConfiguredMet is read-only on this form
					phase-1-foundation | approve-phase-1     | complete    | {"phase1Decision": {"value": "approve"}, "phase1decision": {"value": "x"}} | unknown variable 'phase1decision' (the form takes [phase1Decision])
					vault-setup        | unseal-by-operator  | complete    | {}                                                        | vaultUnsealedByOperator is required (the box ticked: true)
					vault-setup        | unseal-by-operator  | submit-form | {"vaultUnsealedByOperator": {"value": "yes"}}             | vaultUnsealedByOperator must be a Boolean, was a String
					vault-setup        | move-shares-offline | complete    | {"vaultSharesMovedOffline": {"value": false}}             | vaultSharesMovedOffline is required (the box ticked: true)
					vault-setup        | move-shares-offline | submit-form | {"vaultSharesMovedOffline": {"value": 1}}                 | vaultSharesMovedOffline must be a Boolean, was a Integer
					vault-setup        | generate-root-with-holders | complete | {"vaultUnsealKey": {"value": "abc"}}                 | unknown variable 'vaultUnsealKey' (the form takes [vaultEncodedRootToken])
					vault-setup        | generate-root-with-holders | submit-form | {"vaultEncodedRootToken": {"value": 5}}          | vaultEncodedRootToken must be a String, was a Integer
					vault-setup        | generate-root-with-holders | complete | {"vaultEncodedRootToken": {"value": "a share?"}}    | vaultEncodedRootToken must match ^[A-Za-z0-9+/]{16,}={0,2}$
					""")
	void completionOutsideTheFormIsRefusedWith400AndTheTaskStaysOpen(String process, String activity, String verb,
			String variables, String message) throws Exception {
		Task task = startAt(process, activity);

		HttpResponse<String> response = post("/task/" + task.getId() + "/" + verb, variables, "operator:operator");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(response.body()).contains("\"type\":\"InvalidRequestException\"")
			.contains("'" + task.getName() + "' not completed, the task stays open: " + message);
		assertThat(this.tasks.createTaskQuery().taskId(task.getId()).count()).as("task still open").isOne();
		assertThat(this.runtime.getVariables(this.instance.getId())).doesNotContainKeys("phase1Decision",
				"phase1decision", "vaultUnsealedByOperator", "vaultSharesMovedOffline", "vaultEncodedRootToken");
	}

	@ParameterizedTest(name = "{0} {1}")
	@CsvSource(delimiter = '|',
			textBlock = """
					phase-1-foundation | approve-phase-1     | complete    | {"phase1Decision": {"value": "approve", "type": "String"}}
					phase-1-foundation | approve-phase-1     | submit-form | {"phase1Decision": {"value": "reject"}}
					vault-setup        | unseal-by-operator  | complete    | {"vaultUnsealedByOperator": {"value": true}}
					vault-setup        | move-shares-offline | submit-form | {"vaultSharesMovedOffline": {"value": true, "type": "Boolean"}}
					vault-setup        | generate-root-with-holders | submit-form | {"vaultEncodedRootToken": {"value": "Gg8fTjI2ER0pAzQUPzsZOxoUKi4aQxsS"}}
					""")
	void completionTheFormAllowsCompletesTheTask(String process, String activity, String verb, String variables)
			throws Exception {
		Task task = startAt(process, activity);

		HttpResponse<String> response = post("/task/" + task.getId() + "/" + verb, variables, "operator:operator");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
		assertThat(this.history.createHistoricTaskInstanceQuery().taskId(task.getId()).finished().count()).isOne();
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			complete    | {}
			submit-form | {"phase1Decision": {"value": "maybe"}}
			""")
	void callerWhoMayNotSeeTheTaskLearnsNothingOfItsForm(String verb, String variables) throws Exception {
		Task gate = startAt("phase-1-foundation", "approve-phase-1");

		HttpResponse<String> response = post("/task/" + gate.getId() + "/" + verb, variables, "ci:ci");

		assertThat(response.statusCode()).as(response.body()).isIn(403, 404);
		assertThat(response.body()).doesNotContain("phase1Decision");
	}

	@ParameterizedTest(name = "{0} {1}")
	@CsvSource(delimiter = '|',
			textBlock = """
					PUT    | /variables/phase1Decision      | {"value": "maybe", "type": "String"}
					PUT    | /localVariables/phase1Decision | {"value": "approve", "type": "String"}
					POST   | /variables                     | {"modifications": {"phase1Decision": {"value": "maybe"}}}
					POST   | /localVariables                | {"modifications": {"vaultAddress": {"value": "https://elsewhere:8200"}}}
					DELETE | /variables/vaultAddress        |
					""")
	void variablesSetOneByOneOnATaskWithAFormAreRefusedWith400(String verb, String path, String body) throws Exception {
		Task gate = startAt("phase-1-foundation", "approve-phase-1");
		this.runtime.setVariable(this.instance.getId(), "vaultAddress", "https://vault.homelab:8200");

		HttpResponse<String> response = send(verb, "/task/" + gate.getId() + path, (body != null) ? body : "",
				"operator:operator");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(response.body()).contains("'" + gate.getName()
				+ "' takes its input with its completion, checked against its form ([phase1Decision])");
		assertThat(this.runtime.getVariables(this.instance.getId())).doesNotContainKey("phase1Decision")
			.containsEntry("vaultAddress", "https://vault.homelab:8200");
		assertThat(this.tasks.getVariablesLocal(gate.getId())).isEmpty();
	}

	private Task startAt(String process, String activity) {
		this.instance = this.runtime.createProcessInstanceByKey(process)
			.businessKey("form-check")
			.startBeforeActivity(activity)
			.execute();
		return this.tasks.createTaskQuery().processInstanceId(this.instance.getId()).singleResult();
	}

	private HttpResponse<String> send(String verb, String path, String body, String credentials) throws Exception {
		String basic = Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
		return this.http
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/engine-rest" + path))
				.header("Authorization", "Basic " + basic)
				.header("Content-Type", "application/json")
				.method(verb, body.isEmpty() ? BodyPublishers.noBody() : BodyPublishers.ofString(body))
				.build(), BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String path, String variables, String credentials) throws Exception {
		String basic = Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
		return this.http
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/engine-rest" + path))
				.header("Authorization", "Basic " + basic)
				.header("Content-Type", "application/json")
				.POST(BodyPublishers.ofString("{\"variables\": " + variables + "}"))
				.build(), BodyHandlers.ofString());
	}

}
