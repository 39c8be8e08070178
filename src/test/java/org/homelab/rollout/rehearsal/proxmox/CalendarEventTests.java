package org.homelab.rollout.rehearsal.proxmox;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The backup schedules the lab reads, evaluated as systemd would in UTC. */
class CalendarEventTests {

	/** A Saturday. */
	static final Instant SATURDAY_NOON = Instant.parse("2026-12-05T12:00:00Z");

	@Test
	void aDailyTimeIsNextTodayOrTomorrow() {
		assertThat(CalendarEvent.parse("02:30").next(SATURDAY_NOON)).isEqualTo("2026-12-06T02:30:00Z");
		assertThat(CalendarEvent.parse("*-*-* 21:05").next(SATURDAY_NOON)).isEqualTo("2026-12-05T21:05:00Z");
		assertThat(CalendarEvent.parse("daily").next(SATURDAY_NOON)).isEqualTo("2026-12-06T00:00:00Z");
		// exactly at the time: the next one, not this one
		assertThat(CalendarEvent.parse("12:00").next(SATURDAY_NOON)).isEqualTo("2026-12-06T12:00:00Z");
	}

	@Test
	void weekdaysAndListsNarrowIt() {
		assertThat(CalendarEvent.parse("mon..fri 03:15").next(SATURDAY_NOON)).isEqualTo("2026-12-07T03:15:00Z");
		assertThat(CalendarEvent.parse("sat,sun 04:00").next(SATURDAY_NOON)).isEqualTo("2026-12-06T04:00:00Z");
		assertThat(CalendarEvent.parse("weekly").next(SATURDAY_NOON)).isEqualTo("2026-12-07T00:00:00Z");
		assertThat(CalendarEvent.parse("2,14:00,30").next(SATURDAY_NOON)).isEqualTo("2026-12-05T14:00:00Z");
		assertThat(CalendarEvent.parse("*:45").next(SATURDAY_NOON)).isEqualTo("2026-12-05T12:45:00Z");
		assertThat(CalendarEvent.parse("hourly").next(SATURDAY_NOON)).isEqualTo("2026-12-05T13:00:00Z");
	}

	@Test
	void whatTheLabCannotReadIsNotSimulatedRatherThanWrong() {
		for (String schedule : new String[] { "*/5", "mon 25:00", "2026-12-24 18:00", "funday 02:00", "02:30:15" }) {
			assertThatThrownBy(() -> CalendarEvent.parse(schedule)).as(schedule)
				.isInstanceOfSatisfying(PveError.class, ex -> assertThat(ex.status()).isEqualTo(501))
				.hasMessageContaining("not simulated");
		}
	}

}
