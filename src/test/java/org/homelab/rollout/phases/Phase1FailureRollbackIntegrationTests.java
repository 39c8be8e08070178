package org.homelab.rollout.phases;

import java.time.Duration;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A failure in 1.2 after 1.1 finished: Vault refuses the External Secrets Operator's
 * login (a lab fault), so the ClusterSecretStore never gets Ready; when eso-connect's
 * wait gives up (its timer, fired here instead of after ten minutes) the phase rolls back
 * every finished step of both branches.
 */
@TestPropertySource(properties = "rehearsal.faults=kubernetes:eso-login:HTTP_500@1")
class Phase1FailureRollbackIntegrationTests extends Phase1Context {

	@Autowired
	ManagementService management;

	@Test
	void storeNeverReadyAfterPrometheusAndGrafanaFinishedRollsEverythingBack() {
		String phase = this.phase1.start("phase-1-failed");
		this.runs.awaitFinished(phase, "install-prometheus", "install-grafana", "join-vault");
		Job giveUp = await().atMost(Phase1.TIMEOUT)
			.until(() -> this.management.createJobQuery().activityId("store-timeout").timers().singleResult(),
					job -> job != null);
		assertThat(this.runs.variables(phase)).doesNotContainKey("storeCreated");

		// the cancellation deletes the waits still running, which the poller may be
		// touching that moment: the job
		// executor retries a job that lost such a race, and so does the test
		await().atMost(Duration.ofSeconds(30)).ignoreException(OptimisticLockingException.class).until(() -> {
			this.management.executeJob(giveUp.getId());
			return true;
		});

		assertThat(this.phase1.awaitEnd(phase)).isEqualTo("phase-1-rolled-back");
		assertThat(this.runs.variables(phase)).containsEntry("phase1RollbackCause", "ESO_NOT_READY");
		assertThat(this.runs.activities(phase, "approve-phase-1")).isEmpty();
		assertThat(this.runs.activities(phase, "disconnect-eso")).as("eso-connect never finished").isEmpty();
		Phase1FoundationIntegrationTests.assertRolledBackInReverseOrder(this.phase1, this.runs, this.lab, phase);
	}

}
