package org.homelab.rollout.waiting;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LookScheduleTests {

	static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

	static final Duration POLL = Duration.ofMillis(200);

	@Test
	void withoutLocksFetchesAfterThePollInterval() {
		assertThat(new LookSchedule().next(NOW, POLL)).isEqualTo(POLL);
	}

	@Test
	void fetchesJustAfterTheEarliestLockExpiresWhenThatIsSooner() {
		LookSchedule schedule = new LookSchedule();
		schedule.lockedUntil("a", NOW.plusMillis(150));
		schedule.lockedUntil("b", NOW.plusMillis(70));
		schedule.lockedUntil("c", NOW.plusSeconds(5));
		assertThat(schedule.next(NOW, POLL)).isEqualTo(Duration.ofMillis(70).plus(LookSchedule.AFTER_EXPIRY));
		schedule.forget("b");
		assertThat(schedule.next(NOW, POLL)).isEqualTo(Duration.ofMillis(150).plus(LookSchedule.AFTER_EXPIRY));
	}

	@Test
	void aFetchAfterAnExpiryTakesThatWaitOffTheSchedule() {
		LookSchedule schedule = new LookSchedule();
		schedule.lockedUntil("a", NOW.plusMillis(50));
		schedule.lockedUntil("b", NOW.plusMillis(120));
		schedule.fetched(NOW.plusMillis(60));
		assertThat(schedule.next(NOW.plusMillis(60), POLL))
			.isEqualTo(Duration.ofMillis(60).plus(LookSchedule.AFTER_EXPIRY));
	}

}
