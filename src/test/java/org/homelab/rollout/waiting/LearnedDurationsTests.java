package org.homelab.rollout.waiting;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the poller learns of a kind of wait, kept in a real (H2) database as the engine's
 * own.
 */
class LearnedDurationsTests {

	JdbcTemplate jdbc;

	LearnedDurations durations;

	static Duration s(double seconds) {
		return Duration.ofMillis(Math.round(seconds * 1000));
	}

	@BeforeEach
	void database() {
		this.jdbc = new JdbcTemplate(new SimpleDriverDataSource(new org.h2.Driver(),
				"jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"));
		this.durations = new LearnedDurations(new WaitDurationStore(this.jdbc));
	}

	@Test
	void aWaitIsLearnedAsTheMiddleOfTheLastUnmetAndTheFirstMetLook() {
		this.durations.over("boot", s(31), s(63));
		// the geometric middle: the blind back-off brackets by doublings
		assertThat(this.durations.typical("boot").orElseThrow()).isBetween(s(44.1), s(44.3));
		assertThat(this.durations.typical("clone")).isEmpty();
	}

	@Test
	void learnedDurationsSurviveARestartAndAreSharedThroughTheDatabase() {
		this.durations.over("proxmox-task qmclone", s(8.9), s(9.1));
		LearnedDurations restarted = new LearnedDurations(new WaitDurationStore(this.jdbc));
		assertThat(restarted.typical("proxmox-task qmclone").orElseThrow()).isBetween(s(8.9), s(9.1));
	}

	@Test
	void onlyTheNewestFewOfAKindAreReadBack() {
		for (int i = 0; i < LearnedDurations.KEPT; i++) {
			this.durations.over("install", s(299), s(300));
		}
		for (int i = 0; i < LearnedDurations.KEPT; i++) {
			this.durations.over("install", s(11.9), s(12));
		}
		LearnedDurations restarted = new LearnedDurations(new WaitDurationStore(this.jdbc));
		assertThat(restarted.typical("install").orElseThrow()).isBetween(s(11.9), s(12));
	}

	@Test
	void aLookRightAtTheStartDoesNotDragTheEstimateDown() {
		this.durations.over("boot", s(44), s(46));
		this.durations.over("boot", s(0.01), s(45));
		// the second says only "over by 45 s": taken as one step before that, not as 22.5
		// s
		assertThat(this.durations.typical("boot")).hasValueSatisfying(t -> assertThat(t).isBetween(s(44), s(45)));
	}

	@Test
	void onceATellingWaitEndedTheVagueOnesNoLongerCount() {
		// blind looks at 7 s and 15 s: learned as ~10.2 s
		this.durations.over("install", s(7), s(15));
		assertThat(this.durations.typical("install"))
			.hasValueSatisfying(t -> assertThat(t).isBetween(s(10.2), s(10.3)));
		// a sibling looked at blindly ended in [7 s, 15.1 s]: wide around 10.2 s, so
		// vague too
		this.durations.over("install", s(7), s(15.1));
		// looked at with the estimate, the next one ended between 11.8 s and 12.1 s: it
		// alone counts now
		this.durations.over("install", s(11.8), s(12.1));
		assertThat(this.durations.typical("install"))
			.hasValueSatisfying(t -> assertThat(t).isBetween(s(11.8), s(12.1)));
	}

	@Test
	void waitsThatGotShorterOrLongerAreLearnedFromWideBracketsToo() {
		this.durations.over("install", s(11.8), s(12.1));
		// over at the first look near the typical end: only "shorter than 11.4 s", yet
		// that is news
		this.durations.over("install", s(0.2), s(11.4));
		this.durations.over("install", s(0.2), s(11.4));
		assertThat(this.durations.typical("install")).hasValueSatisfying(t -> assertThat(t).isLessThan(s(11.4)));
		// and when they take far longer, looks growing by half bracket them widely, above
		// the typical end
		for (int i = 0; i < 4; i++) {
			this.durations.over("install", s(30), s(45));
		}
		assertThat(this.durations.typical("install")).hasValueSatisfying(t -> assertThat(t).isGreaterThan(s(40)));
	}

	@Test
	void aWaitFoundOverAtItsFirstLookTeachesNothing() {
		this.durations.over("boot", null, s(0.05));
		assertThat(this.durations.typical("boot")).isEmpty();
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM " + WaitDurationStore.TABLE, Integer.class)).isZero();
	}

	@Test
	void theMedianIgnoresAnOutlier() {
		for (double took : new double[] { 9, 9.2, 300, 8.8, 9.1 }) {
			this.durations.over("clone", s(took - 0.02), s(took));
		}
		assertThat(this.durations.typical("clone")).hasValueSatisfying(t -> assertThat(t).isBetween(s(8.9), s(9.2)));
	}

}
