package org.homelab.rollout.plan;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How a caller names the phases of a plan preview, and what is refused at the start. */
class PhaseSelectionTests {

	@Test
	void listsAndRangesNameAscendingPhasesOnce() {
		assertThat(PhaseSelection.parse("1,2,3,4")).containsExactly(1, 2, 3, 4);
		assertThat(PhaseSelection.parse(" 3, 1 ,3")).containsExactly(1, 3);
		assertThat(PhaseSelection.parse("2-4")).containsExactly(2, 3, 4);
		assertThat(PhaseSelection.parse("2")).containsExactly(2);
	}

	@Test
	void anythingElseIsRefusedSayingWhy() {
		assertThat(PhaseSelection.problem("1,2")).isNull();
		assertThat(PhaseSelection.problem("0,1")).isEqualTo("phase 0 is not one of the plan's phases 1 to 4");
		assertThat(PhaseSelection.problem("1-5")).isEqualTo("phase 5 is not one of the plan's phases 1 to 4");
		assertThat(PhaseSelection.problem("4-2")).isEqualTo("'4-2' must run from the lower phase to the higher");
		assertThat(PhaseSelection.problem("all"))
			.isEqualTo("'all' must name phases 1 to 4 as a list (1,2,3,4) or a range (2-4)");
	}

}
