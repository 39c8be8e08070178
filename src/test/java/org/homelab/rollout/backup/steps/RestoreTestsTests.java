package org.homelab.rollout.backup.steps;

import java.util.List;
import java.util.Map;

import org.homelab.rollout.criteria.Criterion;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Restore procedures tested" holds only when every VM class passed and a person restored
 * by hand.
 */
class RestoreTestsTests {

	static final List<String> VMS = List.of("vault", "gitlab-ce");

	@Test
	void everyExpectedVmMustHavePassedAndAMissingTestIsAFailureNotAPass() {
		Map<String, RestoreTests.Outcome> passed = Map.of("vault",
				new RestoreTests.Outcome("vault", true, "restored vzdump of 02:30 to 9101, check vault: ok"),
				"gitlab-ce", new RestoreTests.Outcome("gitlab-ce", true, "restored, backup archive readable"));
		Criterion all = RestoreTests.automated(VMS, passed);
		assertThat(all.met()).isTrue();
		assertThat(all.result()).isEqualTo(
				"vault: passed - restored vzdump of 02:30 to 9101, check vault: ok\ngitlab-ce: passed - restored, backup archive readable");

		Criterion oneMissing = RestoreTests.automated(VMS, Map.of("vault", passed.get("vault")));
		assertThat(oneMissing.met()).isFalse();
		assertThat(oneMissing.result()).contains("gitlab-ce: no restore test ran");

		Criterion oneFailed = RestoreTests.automated(VMS, Map.of("vault", passed.get("vault"), "gitlab-ce",
				new RestoreTests.Outcome("gitlab-ce", false, "no backup of gitlab-ce on pbs-homelab")));
		assertThat(oneFailed.met()).isFalse();
		assertThat(oneFailed.result()).contains("gitlab-ce: FAILED - no backup of gitlab-ce on pbs-homelab");
		assertThat(RestoreTests.automated(List.of(), Map.of()).met()).as("nothing tested is nothing proven").isFalse();
	}

	@Test
	void bothHalvesAreNeeded() {
		assertThat(RestoreTests.tested(true, true, "/etc/hostname from vault").met()).isTrue();
		assertThat(RestoreTests.tested(true, false, "").result())
			.contains("the operator did not confirm a file-level restore by hand");
		assertThat(RestoreTests.tested(true, null, null).met()).isFalse();
		assertThat(RestoreTests.tested(false, true, "/etc/hostname").result())
			.contains("an automated restore test failed");
	}

	@Test
	void theRunbookIsCurrentWhenItsBodyIsTheSameWhateverRunRenderedIt() {
		String one = "# Disaster recovery runbook\n\nRendered by homelab-rollout (run `a`) at 1.\n\n## Where\n\nx\n";
		String two = "# Disaster recovery runbook\n\nRendered by homelab-rollout (run `b`) at 2.\n\n## Where\n\nx\n";
		assertThat(RecoveryPlans.body(one)).isEqualTo(RecoveryPlans.body(two)).startsWith("\n## Where");
		assertThat(RecoveryPlans.body(one)).isNotEqualTo(RecoveryPlans.body(two.replace("x\n", "y\n")));
	}

}
