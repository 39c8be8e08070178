package org.homelab.rollout.backup.steps;

import java.util.List;
import java.util.Map;

import org.homelab.rollout.criteria.Criterion;

/**
 * The outcome of Phase 4's restore tests, automated and by hand, as the restore-procedure
 * form shows it and the criterion "Restore procedures tested" reads it.
 */
final class RestoreTests {

	/** Out of summarize-restore-tests: whether every automated restore test passed. */
	static final String AUTOMATED_MET = "restoreTestsMet";

	/** Out: one line a VM, what its restore test found. */
	static final String AUTOMATED_RESULT = "restoreTestsResult";

	/** The operator's answer in the form: restored one file-level item by hand. */
	static final String MANUAL_DONE = "manualRestoreDone";

	/** The operator's answer: which item, from which backup (no secret). */
	static final String MANUAL_ITEM = "manualRestoreItem";

	private RestoreTests() {
	}

	/** One VM's restore test as restore-test recorded it. */
	record Outcome(String vm, boolean met, String result) {
	}

	/** The automated tests as one criterion: every VM's passed, and at least one ran. */
	static Criterion automated(List<String> expected, Map<String, Outcome> outcomes) {
		StringBuilder lines = new StringBuilder();
		boolean met = !expected.isEmpty();
		for (String vm : expected) {
			Outcome outcome = outcomes.get(vm);
			if (outcome == null) {
				met = false;
				lines.append(vm).append(": no restore test ran\n");
				continue;
			}
			met &= outcome.met();
			lines.append(vm)
				.append(": ")
				.append(outcome.met() ? "passed" : "FAILED")
				.append(" - ")
				.append(outcome.result())
				.append('\n');
		}
		return new Criterion(met, lines.toString().strip());
	}

	/** Both halves of the plan's "Restore procedures tested". */
	static Criterion tested(boolean automatedMet, Boolean manualDone, String manualItem) {
		Criterion automated = automatedMet ? Criterion.met("every automated restore test passed")
				: Criterion.unmet("an automated restore test failed (see the restore-procedure task)");
		Criterion manual = Boolean.TRUE.equals(manualDone)
				? Criterion.met("the operator restored by hand: " + manualItem)
				: Criterion.unmet("the operator did not confirm a file-level restore by hand");
		return automated.and(manual);
	}

}
