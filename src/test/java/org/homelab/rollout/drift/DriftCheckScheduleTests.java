package org.homelab.rollout.drift;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The inventory's drift-check schedule is a timer cycle Camunda takes, or start-up stops.
 */
class DriftCheckScheduleTests {

	@Test
	void repeatingIntervalsAndCronExpressionsAreTakenAnythingElseIsRefusedNamingTheProperty() {
		assertThat(new DriftCheckSchedule("R/PT6H").getCycle()).isEqualTo("R/PT6H");
		assertThat(new DriftCheckSchedule(" R/2026-12-01T00:00:00Z/PT12H ").getCycle())
			.isEqualTo("R/2026-12-01T00:00:00Z/PT12H");
		assertThat(new DriftCheckSchedule("0 0 */6 * * ?").getCycle()).isEqualTo("0 0 */6 * * ?");
		for (String wrong : new String[] { "PT6H", "every 6 hours", "6h" }) {
			assertThatThrownBy(() -> new DriftCheckSchedule(wrong)).as(wrong)
				.hasMessageContaining("inventory.drift-check.cycle '" + wrong + "'");
		}
	}

}
