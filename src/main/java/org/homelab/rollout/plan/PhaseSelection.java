package org.homelab.rollout.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The phases a plan preview covers, as a caller writes them: a list ({@code 1,2,3,4}), a
 * range ({@code 2-4}) or one phase ({@code 3}), each between 1 and {@link #LAST}.
 */
public final class PhaseSelection {

	/** The plan's last phase (Phase 4: Backup &amp; Management). */
	public static final int LAST = 4;

	private static final Pattern LIST = Pattern.compile("\\s*\\d+\\s*(,\\s*\\d+\\s*)*");

	private static final Pattern RANGE = Pattern.compile("\\s*(\\d+)\\s*-\\s*(\\d+)\\s*");

	private PhaseSelection() {
	}

	/** What is wrong with {@code text}, or null when it names phases. */
	public static String problem(String text) {
		try {
			parse(text);
			return null;
		}
		catch (IllegalArgumentException ex) {
			return ex.getMessage();
		}
	}

	/** The phases named, ascending, each once. */
	public static List<Integer> parse(String text) {
		List<Integer> phases = new ArrayList<>();
		Matcher range = RANGE.matcher(text);
		if (range.matches()) {
			int from = phase(range.group(1));
			int to = phase(range.group(2));
			if (from > to) {
				throw new IllegalArgumentException("'" + text + "' must run from the lower phase to the higher");
			}
			for (int phase = from; phase <= to; phase++) {
				phases.add(phase);
			}
		}
		else if (LIST.matcher(text).matches()) {
			for (String part : text.split(",")) {
				phases.add(phase(part.trim()));
			}
		}
		else {
			throw new IllegalArgumentException(
					"'" + text + "' must name phases 1 to " + LAST + " as a list (1,2,3,4) or a range (2-4)");
		}
		return phases.stream().distinct().sorted().toList();
	}

	private static int phase(String digits) {
		int phase;
		try {
			phase = Integer.parseInt(digits);
		}
		catch (NumberFormatException ex) {
			phase = 0;
		}
		if (phase < 1 || phase > LAST) {
			throw new IllegalArgumentException("phase " + digits + " is not one of the plan's phases 1 to " + LAST);
		}
		return phase;
	}

}
