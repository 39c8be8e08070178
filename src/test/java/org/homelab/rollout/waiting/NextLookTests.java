package org.homelab.rollout.waiting;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the poller looks again: what the system says, else what is typical (learned, else
 * configured), else blind.
 */
class NextLookTests {

	final LearnedDurations learned = new LearnedDurations(
			new WaitDurationStore(new JdbcTemplate(new SimpleDriverDataSource(new org.h2.Driver(),
					"jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"))));

	final NextLook next = new NextLook(new WaitProperties(Duration.ofMillis(200), Duration.ofSeconds(1),
			Duration.ofSeconds(30), Duration.ofMinutes(5), 5, Duration.ofSeconds(10), Duration.ofSeconds(30),
			Map.of("proxmox-script install-vault", Duration.ofSeconds(120), "proxmox-task", Duration.ofSeconds(10)),
			0.1, 4, Map.of(), Duration.ofHours(1)), this.learned);

	static Duration s(double seconds) {
		return Duration.ofMillis(Math.round(seconds * 1000));
	}

	@Test
	void withNothingKnownLooksBackOffBlindlyDoublingUpToTheCap() {
		NextLook real = new NextLook(new WaitProperties(Duration.ofMillis(200), Duration.ofSeconds(1),
				Duration.ofSeconds(30), Duration.ofMinutes(5), 5, Duration.ofSeconds(10), Duration.ofSeconds(30),
				Map.of(), 1, 4, Map.of(), Duration.ofHours(1)), this.learned);
		assertThat(IntStream.rangeClosed(1, 7)
			.mapToObj(looks -> real.after("boot", s(1), looks, null))
			.map(Duration::toSeconds)).containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L);
		assertThat(real.after("boot", s(1), 500, null)).isEqualTo(s(30));
		// on a homelab ten times faster (the rehearsal lab at 0.1), ten times sooner
		assertThat(IntStream.rangeClosed(1, 10)
			.mapToObj(looks -> this.next.after("boot", s(1), looks, null))
			.map(Duration::toMillis))
			.containsExactly(100L, 200L, 400L, 800L, 1600L, 3200L, 6400L, 12800L, 25600L, 30000L);
	}

	@Test
	void whatTheSystemSaysComesFirstWithinTheFloorAndLockDuration() {
		this.learned.over("proxmox-task qmclone", s(8.9), s(9.1));
		assertThat(this.next.after("proxmox-task qmclone", s(1), 1, s(75))).isEqualTo(s(75));
		assertThat(this.next.after("proxmox-task qmclone", s(1), 9, Duration.ofMillis(3))).isEqualTo(NextLook.FLOOR);
		assertThat(this.next.after("proxmox-task qmclone", s(1), 1, Duration.ofHours(2)))
			.isEqualTo(Duration.ofMinutes(5));
	}

	@Test
	void aTypicalDurationIsLookedAtALittleBeforeItsEndThenInSmallSteps() {
		this.learned.over("boot", s(31), s(63));
		Duration typical = this.learned.typical("boot").orElseThrow();
		Duration step = typical.dividedBy(LearnedDurations.STEPS);
		Duration first = typical.minus(step.multipliedBy(2));
		assertThat(this.next.after("boot", s(0.1), 1, null)).isEqualTo(first.minus(s(0.1)));
		assertThat(this.next.after("boot", first.plus(s(0.1)), 2, null)).isEqualTo(step);
		// well past the typical end, looks grow by half
		assertThat(this.next.after("boot", first.plus(s(9)), 9, null)).isEqualTo(s(4.5));
	}

	@Test
	void aKindThatVariesIsLookedAtFromItsShortestWaitOnAcrossTheSpread() {
		// Prometheus' discovery: 2, 5 and 7 s (the median 5 s)
		this.learned.over("prometheus-gitlab-scraped", s(1.9), s(2.1));
		this.learned.over("prometheus-gitlab-scraped", s(4.9), s(5.1));
		this.learned.over("prometheus-gitlab-scraped", s(6.9), s(7.1));
		Duration typical = this.learned.typical("prometheus-gitlab-scraped").orElseThrow();
		Duration shortest = this.learned.shortest("prometheus-gitlab-scraped").orElseThrow();
		assertThat(shortest).isLessThan(typical.dividedBy(2));
		Duration start = shortest.minus(shortest.dividedBy(LearnedDurations.STEPS).multipliedBy(2));
		Duration first = typical.minus(typical.dividedBy(LearnedDurations.STEPS).multipliedBy(2));
		// the first look a fiftieth before the shortest, not before the median
		assertThat(this.next.after("prometheus-gitlab-scraped", s(0.05), 1, null)).isEqualTo(start.minus(s(0.05)));
		// then eight looks across to the median's end, then as near it
		Duration across = first.minus(start).dividedBy(NextLook.SPREAD_LOOKS);
		assertThat(this.next.after("prometheus-gitlab-scraped", start, 2, null)).isEqualTo(across);
		assertThat(this.next.after("prometheus-gitlab-scraped", first.minus(s(0.01)), 9, null)).isEqualTo(s(0.02));
		assertThat(this.next.after("prometheus-gitlab-scraped", first.plus(s(0.01)), 10, null))
			.isEqualTo(NextLook.nearTheEnd(typical, first.plus(s(0.01))));
	}

	@Test
	void aConfiguredTypicalDurationIsScaledAndAKindWithoutOneTakesItsTopics() {
		// 10 s for any Proxmox task on a homelab ten times faster: no blind look past
		// 0.98 s
		assertThat(this.next.after("proxmox-task qmstart", s(0.5), 4, null)).isEqualTo(s(0.48));
		assertThat(this.next.after("proxmox-guest-agent", s(0.5), 4, null)).isEqualTo(s(0.8));
	}

	@Test
	void aConfiguredTypicalDurationCapsTheBlindLooksAtItsEndUntilOneIsLearned() {
		// a guess about this homelab: blind looks meanwhile (0.1 s, 0.2 s, 0.4 s … at
		// 0.1), but none past a little before its end
		assertThat(this.next.after("proxmox-script install-vault", s(0.1), 1, null)).isEqualTo(s(0.1));
		assertThat(this.next.after("proxmox-script install-vault", s(7), 7, null)).isEqualTo(s(11.76 - 7));
		assertThat(this.next.after("proxmox-script install-vault", s(11.8), 5, null)).isEqualTo(s(0.12));
		this.learned.over("proxmox-script install-vault", s(7.9), s(8.1));
		assertThat(this.next.after("proxmox-script install-vault", s(0.1), 1, null)).isBetween(s(7.6), s(7.8));
	}

}
