package org.homelab.rollout.phases;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.homelab.rollout.support.TestLabs;
import org.homelab.rollout.vault.VaultProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CI starts Phase 2 over REST as it starts Phase 1: malformed variables, and a homelab
 * without Phase 1's Vault, are refused with 400 naming what is wrong, before any process
 * instance exists or any system of the lab is asked anything.
 */
class Phase2RestStartIntegrationTests extends Phase1Context {

	@Autowired
	VaultProperties vault;

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					timeout not a choice   | {"releaseReadyTimeout": {"value": "PT1H", "type": "String"}}  | releaseReadyTimeout must be one of [PT5M, PT15M, PT30M], was 'PT1H'
					run not a label        | {"rolloutRun": {"value": "phase 2; rm -rf", "type": "String"}} | the run name 'phase 2; rm -rf'
					unknown variable       | {"gitlabRootPassword": {"value": "x", "type": "String"}}      | unknown variable 'gitlabRootPassword'
					plan review skipped    | {"planReviewed": {"value": true, "type": "Boolean"}}          | planReviewed is set by homelab-rollout only (it reviewed the plan before its first phase): leave it out, Phase 2 shows its plan for review first
					""")
	void malformedStartIsRefusedWith400BeforeAnythingIsCreated(String name, String variables, String message)
			throws Exception {
		String run = "ci2-" + Math.abs(name.hashCode());
		HttpResponse<String> response = start(run, variables);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(response.body()).contains("Phase 2 not started, nothing was created").contains(message);
		assertThat(this.history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(run).count()).isZero();
		TestLabs.assertUntouched(this.lab.journal());
	}

	@Test
	void startWithoutPhase1sVaultIsRefusedWith400NamingIt() throws Exception {
		// the context's Phase 1 tests may have left a Vault and its token: take the token
		// away for this start, as on an engine where Phase 1 never ran
		Path token = this.vault.engineTokenFile();
		Path aside = token.resolveSibling("engine-token.aside");
		boolean moved = Files.exists(token);
		if (moved) {
			Files.move(token, aside);
		}
		try {
			HttpResponse<String> response = start("ci2-no-vault", "{}");

			assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
			assertThat(response.body()).contains("Phase 2 not started, nothing was created")
				.contains("Phase 1's Vault is missing")
				.contains("Run phase-1-foundation first");
			assertThat(this.history.createHistoricProcessInstanceQuery()
				.processInstanceBusinessKey("ci2-no-vault")
				.count()).isZero();
			TestLabs.assertUntouched(this.lab.journal());
		}
		finally {
			if (moved) {
				Files.move(aside, token);
			}
		}
	}

	private HttpResponse<String> start(String businessKey, String variables) throws Exception {
		return new RestStart(this.port, "phase-2-cicd").start(businessKey, variables);
	}

}
