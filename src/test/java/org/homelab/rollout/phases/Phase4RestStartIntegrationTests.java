package org.homelab.rollout.phases;

import java.net.http.HttpResponse;

import org.homelab.rollout.support.TestLabs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CI starts Phase 4 over REST as the phases before it: malformed variables, and a homelab
 * where the earlier phases are not live, are refused with 400 naming what is wrong,
 * before any process instance exists. (Phase 3's Argo CD not managing yet is refused in
 * Phase4BackupIntegrationTests, where Phases 1 and 2 ran.)
 */
class Phase4RestStartIntegrationTests extends Phase1Context {

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					run not a label        | {"rolloutRun": {"value": "phase 4; rm -rf", "type": "String"}} | the run name 'phase 4; rm -rf'
					unknown variable       | {"pbsRootPassword": {"value": "x", "type": "String"}}         | unknown variable 'pbsRootPassword'
					gate decision at start | {"phase4Decision": {"value": "approve", "type": "String"}}    | unknown variable 'phase4Decision'
					plan review skipped    | {"planReviewed": {"value": true, "type": "Boolean"}}          | planReviewed is set by homelab-rollout only (it reviewed the plan before its first phase): leave it out, Phase 4 shows its plan for review first
					""")
	void malformedStartIsRefusedWith400BeforeAnythingIsCreated(String name, String variables, String message)
			throws Exception {
		String run = "ci4-" + Math.abs(name.hashCode());
		HttpResponse<String> response = new RestStart(this.port, "phase-4-backup").start(run, variables);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(response.body()).contains("Phase 4 not started, nothing was created").contains(message);
		assertThat(this.history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(run).count()).isZero();
		TestLabs.assertUntouched(this.lab.journal());
	}

	@Test
	void startOnAHomelabWithoutTheEarlierPhasesIsRefusedWith400NamingWhatToRunFirst() throws Exception {
		this.lab.reset();
		this.lab.journal().clear();

		HttpResponse<String> response = new RestStart(this.port, "phase-4-backup").start("ci4-bare", "{}");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(response.body()).contains("Phase 4 not started, nothing was created")
			.contains("Phase 2's GitLab at http://")
			.contains("run phase-2-cicd first");
		assertThat(this.history.createHistoricProcessInstanceQuery().processInstanceBusinessKey("ci4-bare").count())
			.isZero();
		TestLabs.assertUntouched(this.lab.journal());
	}

}
