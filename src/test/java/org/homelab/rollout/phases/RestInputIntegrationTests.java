package org.homelab.rollout.phases;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

import org.camunda.bpm.engine.task.Task;
import org.homelab.rollout.support.TestLabs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Start and completion input that engine-rest took silently, or answered with a 500 or
 * Java class names, is refused with 400 naming the field, before any process instance
 * exists, a task moves or any system of the lab is asked anything (issue 13).
 */
class RestInputIntegrationTests extends Phase1Context {

	private static final String START = "/engine-rest/process-definition/key/phase-1-foundation/start";

	private static final String SERIALIZED = "{\"value\": \"rO0ABXQABWhlbGxv\", \"type\": \"Object\", \"valueInfo\":"
			+ " {\"objectTypeName\": \"java.lang.String\","
			+ " \"serializationDataFormat\": \"application/x-java-serialized-object\"}}";

	private final HttpClient http = HttpClient.newHttpClient();

	@ParameterizedTest(name = "{0} ({1})")
	@CsvSource(delimiter = '|', quoteCharacter = '`',
			textBlock = """
					null typed value         | start       | {"businessKey": "RUN", "variables": {"rolloutRun": {"value": null, "type": "String"}}} | variable 'rolloutRun' is null
					null variable            | start       | {"businessKey": "RUN", "variables": {"x": null}}                                       | variable 'x' is null
					blank run name           | start       | {"businessKey": "RUN", "variables": {"rolloutRun": {"value": "   ", "type": "String"}}} | variable 'rolloutRun' is blank
					blank business key       | start       | {"businessKey": "   "}                                                                 | businessKey is blank
					duplicate variable       | start       | {"businessKey": "RUN", "variables": {"rolloutRun": {"value": "a", "type": "String"}, "rolloutRun": {"value": "b", "type": "String"}}} | 'rolloutRun' is given twice
					duplicate business key   | start       | {"businessKey": "RUN", "businessKey": "other"}                                         | 'businessKey' is given twice
					empty body               | start       | ``                                                                                     | the run has no name: give a businessKey or the variable rolloutRun
					empty object             | start       | {}                                                                                     | the run has no name
					no run name              | start       | {"variables": {"releaseReadyTimeout": {"value": "PT5M", "type": "String"}}}            | the run has no name
					10 kB business key       | start       | {"businessKey": "LONG"}                                                                | businessKey is 10240 characters long, at most 255
					Java-serialized object   | start       | {"businessKey": "RUN", "variables": {"blob": SERIALIZED}}                              | variable 'blob' is a Java-serialized object
					malformed JSON           | start       | {                                                                                      | the body is not valid JSON
					end of input             | start       | {"businessKey": "RUN"                                                                  | the body is not valid JSON
					variables not an object  | start       | {"businessKey": "RUN", "variables": []}                                                | 'variables' does not have the shape
					variable not an object   | start       | {"businessKey": "RUN", "variables": {"x": 5}}                                          | 'variables.x' does not have the shape
					start instructions       | start       | {"businessKey": "RUN", "startInstructions": [{"type": "startBeforeActivity", "activityId": "approve-phase-1"}]} | startInstructions are not taken
					listeners skipped        | start       | {"businessKey": "RUN", "skipCustomListeners": true}                                    | skipCustomListeners is not taken
					null typed value         | complete    | {"variables": {"phase1Decision": {"value": null, "type": "String"}}}                   | variable 'phase1Decision' is null
					null variable            | submit-form | {"variables": {"x": null}}                                                             | variable 'x' is null
					duplicate variable       | complete    | {"variables": {"phase1Decision": {"value": "reject", "type": "String"}, "phase1Decision": {"value": "approve", "type": "String"}}} | 'phase1Decision' is given twice
					duplicate variable       | submit-form | {"variables": {"phase1Decision": {"value": "reject", "type": "String"}, "phase1Decision": {"value": "approve", "type": "String"}}} | 'phase1Decision' is given twice
					Java-serialized object   | complete    | {"variables": {"blob": SERIALIZED}}                                                    | variable 'blob' is a Java-serialized object
					malformed JSON           | complete    | {                                                                                      | the body is not valid JSON
					variable not an object   | submit-form | {"variables": {"phase1Decision": "approve"}}                                           | 'variables.phase1Decision' does not have the shape
					""")
	void inputThatGotThroughIsRefusedWith400NamingTheField(String name, String verb, String body, String message)
			throws Exception {
		String run = "input-" + Math.abs((name + verb).hashCode());
		String sent = Objects.toString(body, "")
			.replace("RUN", run)
			.replace("LONG", "k".repeat(10_240))
			.replace("SERIALIZED", SERIALIZED);
		boolean start = verb.equals("start");
		String gate = start ? null : gate(run);
		long instances = this.history.createHistoricProcessInstanceQuery().count();

		HttpResponse<String> response = start ? post(START, sent, "ci:ci")
				: post("/engine-rest/task/"
						+ this.tasks.createTaskQuery().processInstanceId(gate).singleResult().getId() + "/" + verb,
						sent, "operator:operator");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(response.body()).contains("\"type\":\"InvalidRequestException\"")
			.contains(start ? "Not started, nothing was created: " : "Not completed, the task stays open: ")
			.contains(message)
			.doesNotContain("org.camunda", "Dto", "Exception:", "com.fasterxml", "java.lang", "Cannot construct");
		assertThat(this.history.createHistoricProcessInstanceQuery().count()).as("process instances")
			.isEqualTo(instances);
		if (start) {
			assertThat(this.history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(run).count())
				.isZero();
		}
		else {
			Task task = this.tasks.createTaskQuery().processInstanceId(gate).singleResult();
			assertThat(task).as("the gate stays open").isNotNull();
			assertThat(this.runtime.getVariables(gate)).doesNotContainKeys("phase1Decision", "x", "blob");
			this.runtime.deleteProcessInstance(gate, "test over", true);
		}
		TestLabs.assertUntouched(this.lab.journal());
	}

	@ParameterizedTest(name = "{0} ({1} {2})")
	@CsvSource(delimiter = '|', quoteCharacter = '`',
			textBlock = """
					null typed value       | POST | /process-instance/ID/variables            | {"modifications": {"vaultAddress": {"value": null, "type": "String"}}} | Not set, nothing was changed: variable 'vaultAddress' is null
					duplicate variable     | POST | /process-instance/ID/variables            | {"modifications": {"vaultAddress": {"value": "a"}, "vaultAddress": {"value": "b"}}} | 'vaultAddress' is given twice
					Java-serialized object | POST | /execution/ID/localVariables              | {"modifications": {"blob": SERIALIZED}}                                  | Not set, nothing was changed: variable 'blob' is a Java-serialized object
					null value             | PUT  | /process-instance/ID/variables/vaultAddress | {"value": null, "type": "String"}                                    | Not set, nothing was changed: the variable is null
					empty body             | PUT  | /process-instance/ID/variables/vaultAddress | ``                                                                   | the variable is null
					Java-serialized object | PUT  | /process-instance/ID/variables/blob       | SERIALIZED                                                               | the variable is a Java-serialized object
					malformed JSON         | PUT  | /process-instance/ID/variables/vaultAddress | {"value":                                                            | Not set, nothing was changed: the body is not valid JSON
					not a value            | POST | /process-instance/ID/variables            | {"modifications": []}                                                    | 'modifications' does not have the shape
					null message variable  | POST | /message                                  | {"messageName": "nothing", "processVariables": {"x": null}}              | Not delivered, nothing moved: variable 'x' is null
					duplicate key          | POST | /message                                  | {"messageName": "a", "messageName": "b"}                                 | 'messageName' is given twice
					serialized signal var  | POST | /signal                                   | {"name": "nothing", "variables": {"blob": SERIALIZED}}                   | Not delivered, nothing moved: variable 'blob' is a Java-serialized object
					""")
	void variablesHandedOtherwiseAreCheckedTheSameWay(String name, String verb, String path, String body,
			String message) throws Exception {
		String gate = gate("input-variables-" + Math.abs((name + path).hashCode()));
		this.runtime.setVariable(gate, "vaultAddress", "https://vault.homelab:8200");
		String execution = gate;
		String sent = Objects.toString(body, "").replace("SERIALIZED", SERIALIZED);

		HttpResponse<String> response = send(verb,
				"/engine-rest" + path.replace("ID", path.startsWith("/execution") ? execution : gate), sent,
				"admin:admin");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(response.body()).contains("\"type\":\"InvalidRequestException\"")
			.contains(message)
			.doesNotContain("org.camunda", "Dto", "Exception:", "com.fasterxml", "java.lang", "Cannot construct");
		assertThat(this.runtime.getVariables(gate)).containsEntry("vaultAddress", "https://vault.homelab:8200")
			.doesNotContainKeys("blob", "x");
		assertThat(this.tasks.createTaskQuery().processInstanceId(gate).count()).as("the gate stays open").isOne();
		this.runtime.deleteProcessInstance(gate, "test over", true);
		TestLabs.assertUntouched(this.lab.journal());
	}

	@Test
	void aStartThroughTheNamedEnginesPathIsCheckedTheSameWay() throws Exception {
		long instances = this.history.createHistoricProcessInstanceQuery().count();

		HttpResponse<String> response = post(
				"/engine-rest/engine/default/process-definition/key/phase-1-foundation/start",
				"{\"businessKey\": \"input-named\", \"businessKey\": \"other\"}", "ci:ci");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(response.body()).contains("Not started, nothing was created: 'businessKey' is given twice");
		assertThat(this.history.createHistoricProcessInstanceQuery().count()).isEqualTo(instances);
		TestLabs.assertUntouched(this.lab.journal());
	}

	@Test
	void aCallerWhoIsNotLoggedInLearnsNothingOfTheirInput() throws Exception {
		assertThat(post(START, "{", null).statusCode()).isEqualTo(401);
	}

	@Test
	void javaAndTasklistStartsOfPhase1NeedARunNameToo() {
		long instances = this.history.createHistoricProcessInstanceQuery().count();

		assertThatThrownBy(
				() -> this.runtime.startProcessInstanceByKey(Phase1.KEY, "input-java", Map.of("rolloutRun", "   ")))
			.hasMessageContaining("rolloutRun is blank");
		assertThatThrownBy(() -> this.runtime.startProcessInstanceByKey(Phase1.KEY))
			.hasMessageContaining("the run has no name");
		assertThat(this.history.createHistoricProcessInstanceQuery().count()).isEqualTo(instances);
	}

	/** Phase 1 at its gate, without a step before it: nothing asked of the lab. */
	private String gate(String run) {
		return this.runtime.createProcessInstanceByKey(Phase1.KEY)
			.businessKey(run)
			.startBeforeActivity("approve-phase-1")
			.execute()
			.getId();
	}

	private HttpResponse<String> send(String verb, String path, String body, String user) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Content-Type", "application/json")
			.header("Authorization",
					"Basic " + Base64.getEncoder().encodeToString(user.getBytes(StandardCharsets.UTF_8)))
			.method(verb, body.isEmpty() ? BodyPublishers.noBody() : BodyPublishers.ofString(body))
			.build(), BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String path, String body, String user) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString(body));
		if (user != null) {
			request.header("Authorization",
					"Basic " + Base64.getEncoder().encodeToString(user.getBytes(StandardCharsets.UTF_8)));
		}
		return this.http.send(request.build(), BodyHandlers.ofString());
	}

}
