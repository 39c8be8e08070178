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
	void onceATellingWaitEndedTheVagueOnesNoLongerCount() {
		TypicalDurations durations = new TypicalDurations();
		// blind looks at 7 s and 15 s: learned as ~10.2 s
		durations.unmet("w1", s(7));
		durations.over("install", "w1", s(15));
		assertThat(durations.typical("install")).hasValueSatisfying(t -> assertThat(t).isBetween(s(10.2), s(10.3)));
		// a sibling looked at blindly ended in [7 s, 15.1 s] just after: wide around 10.2 s, so vague too
		durations.unmet("w3", s(7));
		durations.over("install", "w3", s(15.1));
		// looked at with the estimate, the next one ended between 11.8 s and 12.1 s: it alone counts now
		durations.unmet("w2", s(11.8));
		durations.over("install", "w2", s(12.1));
		assertThat(durations.typical("install")).hasValueSatisfying(t -> assertThat(t).isBetween(s(11.8), s(12.1)));
	}

	@Test
	void waitsThatGotShorterOrLongerAreLearnedFromWideBracketsToo() {
		TypicalDurations durations = new TypicalDurations();
		durations.unmet("w1", s(11.8));
		durations.over("install", "w1", s(12.1));
		// over at the first look near the typical end: only "shorter than 11.4 s", yet that is news
		for (String wait : new String[] { "w2", "w3" }) {
			durations.unmet(wait, s(0.2));
			durations.over("install", wait, s(11.4));
		}
		assertThat(durations.typical("install")).hasValueSatisfying(t -> assertThat(t).isLessThan(s(11.4)));
		// and when they take far longer, looks growing by half bracket them widely, above the typical end
		for (String wait : new String[] { "w4", "w5", "w6", "w7" }) {
			durations.unmet(wait, s(30));
			durations.over("install", wait, s(45));
		}
		assertThat(durations.typical("install")).hasValueSatisfying(t -> assertThat(t).isGreaterThan(s(40)));
	}

	@Test
	void aWaitFoundOverAtItsFirstLookTeachesNothing() {
		TypicalDurations durations = new TypicalDurations();
		durations.over("boot", "adopted", s(0.05));
		assertThat(durations.typical("boot")).isEmpty();
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
