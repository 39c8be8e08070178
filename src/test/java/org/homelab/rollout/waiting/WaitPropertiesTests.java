package org.homelab.rollout.waiting;

import java.time.Duration;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WaitPropertiesTests {

	@Test
	void backoffDoublesFromTheInitialPauseUpToTheCap() {
		WaitProperties properties = new WaitProperties(Duration.ofMillis(200), Duration.ofSeconds(1),
				Duration.ofSeconds(30), Duration.ofMinutes(5), 5, Duration.ofSeconds(10));
		assertThat(IntStream.rangeClosed(1, 7).mapToObj(properties::backoff).map(Duration::toSeconds))
			.containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L);
		assertThat(properties.backoff(500)).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void aConditionsOwnEstimateReplacesTheBackOffWithinPollIntervalAndLockDuration() {
		WaitProperties properties = new WaitProperties(Duration.ofMillis(200), Duration.ofSeconds(1),
				Duration.ofSeconds(30), Duration.ofMinutes(5), 5, Duration.ofSeconds(10));
		assertThat(properties.pause(Duration.ofSeconds(75), 1)).isEqualTo(Duration.ofSeconds(75));
		assertThat(properties.pause(Duration.ofMillis(3), 9)).isEqualTo(Duration.ofMillis(200));
		assertThat(properties.pause(Duration.ofHours(2), 1)).isEqualTo(Duration.ofMinutes(5));
		assertThat(properties.pause(null, 3)).isEqualTo(Duration.ofSeconds(4));
	}

}
