package org.homelab.rollout.rehearsal.proxmox;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The part of systemd's calendar events (PVE's {@code pve-calendar-event}) backup
 * schedules use: optional weekdays ({@code mon..fri}, {@code sat,sun}), an optional
 * {@code *-*-*} date, then {@code HH:MM} with hour {@code *} or a list, minutes a list;
 * or {@code hourly}, {@code daily}, {@code weekly}. Evaluated in UTC, the lab node's time
 * zone. Anything else the lab does not simulate.
 */
final class CalendarEvent {

	private static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");

	private final Set<DayOfWeek> days;

	private final Set<Integer> hours;

	private final Set<Integer> minutes;

	private CalendarEvent(Set<DayOfWeek> days, Set<Integer> hours, Set<Integer> minutes) {
		this.days = days;
		this.hours = hours;
		this.minutes = minutes;
	}

	/** The event, or a 501 naming what the lab does not simulate. */
	static CalendarEvent parse(String text) {
		String spec = text.trim().toLowerCase(Locale.ROOT);
		switch (spec) {
			case "hourly" -> spec = "*:00";
			case "daily" -> spec = "00:00";
			case "weekly" -> spec = "mon 00:00";
			default -> {
			}
		}
		try {
			Set<DayOfWeek> days = EnumSet.allOf(DayOfWeek.class);
			List<String> parts = new ArrayList<>(List.of(spec.split("\\s+")));
			if (parts.size() > 1 && Character.isLetter(parts.get(0).charAt(0))) {
				days = days(parts.remove(0));
			}
			if (parts.size() > 1 && parts.get(0).equals("*-*-*")) {
				parts.remove(0);
			}
			if (parts.size() != 1) {
				throw new IllegalArgumentException(spec);
			}
			String[] time = parts.get(0).split(":");
			if (time.length < 2 || time.length > 3 || (time.length == 3 && !time[2].matches("0+"))) {
				throw new IllegalArgumentException(spec);
			}
			Set<Integer> hours = time[0].equals("*") ? range(0, 23) : numbers(time[0], 23);
			return new CalendarEvent(days, hours, numbers(time[1], 59));
		}
		catch (RuntimeException ex) {
			throw new PveError(501, "schedule '" + text + "' (not simulated by the rehearsal lab, which knows "
					+ "'[weekdays] [*-*-*] HH:MM', hourly, daily and weekly)", Map.of());
		}
	}

	/** The first time after {@code after} the event elapses. */
	Instant next(Instant after) {
		LocalDateTime from = LocalDateTime.ofInstant(after, ZoneOffset.UTC);
		for (LocalDate day = from.toLocalDate(); day.isBefore(from.toLocalDate().plusDays(9)); day = day.plusDays(1)) {
			if (!this.days.contains(day.getDayOfWeek())) {
				continue;
			}
			for (int hour : this.hours) {
				for (int minute : this.minutes) {
					LocalDateTime candidate = day.atTime(hour, minute);
					if (candidate.isAfter(from)) {
						return candidate.toInstant(ZoneOffset.UTC);
					}
				}
			}
		}
		throw new IllegalStateException("no next time for a weekly event");
	}

	private static Set<DayOfWeek> days(String spec) {
		Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
		for (String part : spec.split(",")) {
			String[] range = part.split("\\.\\.");
			int first = DAYS.indexOf(range[0].substring(0, Math.min(3, range[0].length())));
			int last = (range.length == 2) ? DAYS.indexOf(range[1].substring(0, Math.min(3, range[1].length())))
					: first;
			if (first < 0 || last < first) {
				throw new IllegalArgumentException(spec);
			}
			for (int day = first; day <= last; day++) {
				days.add(DayOfWeek.of(day + 1));
			}
		}
		return days;
	}

	private static Set<Integer> numbers(String spec, int max) {
		Set<Integer> values = new TreeSet<>();
		for (String part : spec.split(",")) {
			int value = Integer.parseInt(part);
			if (value < 0 || value > max) {
				throw new IllegalArgumentException(spec);
			}
			values.add(value);
		}
		return values;
	}

	private static Set<Integer> range(int first, int last) {
		Set<Integer> values = new TreeSet<>();
		for (int value = first; value <= last; value++) {
			values.add(value);
		}
		return values;
	}

}
