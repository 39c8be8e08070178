package org.homelab.rollout.phases;

import java.net.http.HttpResponse;

import org.homelab.rollout.support.TestLabs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CI starts Phase 3 over REST as it starts the phases before it: malformed variables, and
 * a homelab without Phase 2's ready GitLab, are refused with 400 naming what is wrong,
 * before any process instance exists; only GitLab's readiness page is looked at.
 */
class Phase3RestStartIntegrationTests extends Phase1Context {

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					timeout not a choice   | {"releaseReadyTimeout": {"value": "PT1H", "type": "String"}}  | releaseReadyTimeout must be one of [PT5M, PT15M, PT30M], was 'PT1H'
					run not a label        | {"rolloutRun": {"value": "phase 3; rm -rf", "type": "String"}} | the run name 'phase 3; rm -rf'
					unknown variable       | {"argocdAdminPassword": {"value": "x", "type": "String"}}     | unknown variable 'argocdAdminPassword'
					plan review skipped    | {"planReviewed": {"value": true, "type": "Boolean"}}          | planReviewed is set by homelab-rollout only (it reviewed the plan before its first phase): leave it out, Phase 3 shows its plan for review first
					""")
	void malformedStartIsRefusedWith400BeforeAnythingIsCreated(String name, String variables, String message)
			throws Exception {
		String run = "ci3-" + Math.abs(name.hashCode());
		HttpResponse<String> response = start(run, variables);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(response.body()).contains("Phase 3 not started, nothing was created").contains(message);
		assertThat(this.history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(run).count()).isZero();
		TestLabs.assertUntouched(this.lab.journal());
	}

	@Test
	void startWithoutPhase2sReadyGitlabIsRefusedWith400NamingIt() throws Exception {
		// a homelab where Phase 2 never ran: no gitlab-ce VM answers at its planned
		// address
		this.lab.reset();
		this.lab.journal().clear();

		HttpResponse<String> response = start("ci3-no-gitlab", "{}");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(response.body()).contains("Phase 3 not started, nothing was created")
			.contains("Phase 2's GitLab at http://")
			.contains("is not ready")
			.contains("run phase-2-cicd first");
		assertThat(
				this.history.createHistoricProcessInstanceQuery().processInstanceBusinessKey("ci3-no-gitlab").count())
			.isZero();
		TestLabs.assertUntouched(this.lab.journal());
	}

	private HttpResponse<String> start(String businessKey, String variables) throws Exception {
		return new RestStart(this.port, "phase-3-gitops").start(businessKey, variables);
	}

}
