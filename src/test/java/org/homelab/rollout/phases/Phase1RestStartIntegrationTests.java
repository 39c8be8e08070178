package org.homelab.rollout.phases;

import java.net.http.HttpResponse;

import org.homelab.rollout.support.TestLabs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * CI starts Phase 1 over REST as the README shows; malformed variables are refused with
 * 400 and a message naming the variable, before any process instance exists or any system
 * of the lab is asked anything.
 */
class Phase1RestStartIntegrationTests extends Phase1Context {

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					timeout not a choice   | {"releaseReadyTimeout": {"value": "PT1H", "type": "String"}}  | releaseReadyTimeout must be one of [PT5M, PT15M, PT30M], was 'PT1H'
					timeout of wrong type  | {"releaseReadyTimeout": {"value": 15, "type": "Integer"}}     | releaseReadyTimeout must be one of [PT5M, PT15M, PT30M], was a Integer
					run of wrong type      | {"rolloutRun": {"value": 7, "type": "Long"}}                  | rolloutRun must be a String, was Long
					run not a label        | {"rolloutRun": {"value": "phase 1; rm -rf", "type": "String"}} | the run name 'phase 1; rm -rf'
					unknown variable       | {"rolloutrun": {"value": "ci-1", "type": "String"}}           | unknown variable 'rolloutrun'
					plan review skipped    | {"planReviewed": {"value": true, "type": "Boolean"}}          | planReviewed is set by homelab-rollout only (it reviewed the plan before its first phase): leave it out, Phase 1 shows its plan for review first
					""")
	void malformedStartIsRefusedWith400BeforeAnythingIsCreated(String name, String variables, String message)
			throws Exception {
		String run = "ci-" + Math.abs(name.hashCode());
		HttpResponse<String> response = start(run, variables);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(response.body()).contains("Phase 1 not started, nothing was created").contains(message);
		assertThat(this.history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(run).count()).isZero();
		TestLabs.assertUntouched(this.lab.journal());
	}

	@Test
	void wellFormedStartIsAccepted() throws Exception {
		HttpResponse<String> response = start("ci-accepted",
				"{\"releaseReadyTimeout\": {\"value\": \"PT5M\", \"type\": \"String\"}}");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		String id = response.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
		assertThat(this.runtime.getVariable(id, "rolloutRun")).isEqualTo("ci-accepted");
		assertThat(this.runtime.getVariable(id, "releaseReadyTimeout")).isEqualTo("PT5M");
		// its first steps may be committing right now: retry the delete until no step
		// holds the instance
		await().ignoreExceptions().until(() -> {
			this.runtime.deleteProcessInstance(id, "test over", true);
			return true;
		});
	}

	private HttpResponse<String> start(String businessKey, String variables) throws Exception {
		return new RestStart(this.port, "phase-1-foundation").start(businessKey, variables);
	}

}
