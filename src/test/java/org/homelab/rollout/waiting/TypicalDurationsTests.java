package org.homelab.rollout.waiting;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TypicalDurationsTests {

	static Duration s(double seconds) {
		return Duration.ofMillis(Math.round(seconds * 1000));
	}

	@Test
	void nothingLearnedMeansNoEstimate() {
		assertThat(new TypicalDurations().lookAgainIn("clone", s(1))).isEmpty();
	}

	@Test
	void aWaitIsLearnedAsTheMiddleOfTheLastUnmetAndTheFirstMetLook() {
		TypicalDurations durations = new TypicalDurations();
		durations.unmet("w1", s(31));
		durations.over("boot", "w1", s(63));
		// the geometric middle: the blind back-off brackets by doublings
		Duration typical = durations.typical("boot").orElseThrow();
		assertThat(typical).isBetween(s(44.1), s(44.3));
		Duration step = typical.dividedBy(TypicalDurations.STEPS);
		Duration first = typical.minus(step.multipliedBy(2));
		// a little early, so the next bracket is narrow; then small steps, growing by half well past the typical end
		assertThat(durations.lookAgainIn("boot", s(0.1))).contains(first.minus(s(0.1)));
		assertThat(durations.lookAgainIn("boot", first.plus(s(0.1)))).contains(step);
		assertThat(durations.lookAgainIn("boot", first.plus(s(9)))).contains(s(4.5));
	}

	@Test
	void aLookRightAtTheStartDoesNotDragTheEstimateDown() {
		TypicalDurations durations = new TypicalDurations();
		durations.unmet("w1", s(44));
		durations.over("boot", "w1", s(46));
		durations.unmet("w2", s(0.01));
		durations.over("boot", "w2", s(45));
		// w2 says only "over by 45 s": taken as one step before that, not as 22.5 s
		assertThat(durations.typical("boot")).hasValueSatisfying(
				typical -> assertThat(typical).isBetween(s(44), s(45)));
	}

	@Test
	void onceANarrowlyBracketedWaitEndedTheWideOnesNoLongerCount() {
		TypicalDurations durations = new TypicalDurations();
		// blind looks at 7 s and 15 s: learned as ~10.2 s
		durations.unmet("w1", s(7));
		durations.over("install", "w1", s(15));
		assertThat(durations.typical("install")).hasValueSatisfying(t -> assertThat(t).isBetween(s(10.2), s(10.3)));
		// a wait looked at blindly while the first ended: as wide, and learned as its end
		durations.unmet("w3", s(3));
		durations.over("install", "w3", s(7));
		// looked at with that estimate, the next one ended between 11.8 s and 12.1 s
		durations.unmet("w2", s(11.8));
		durations.over("install", "w2", s(12.1));
		assertThat(durations.typical("install")).hasValueSatisfying(t -> assertThat(t).isBetween(s(11.8), s(12.1)));
	}

	@Test
	void theMedianIgnoresAnOutlier() {
		TypicalDurations durations = new TypicalDurations();
		for (double took : new double[] { 9, 9.2, 300, 8.8, 9.1 }) {
			durations.unmet("w" + took, s(took - 0.02));
			durations.over("clone", "w" + took, s(took));
		}
		assertThat(durations.typical("clone")).hasValueSatisfying(
				typical -> assertThat(typical).isBetween(s(8.9), s(9.2)));
	}

}
