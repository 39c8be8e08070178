package org.homelab.rollout.drift;

import java.util.regex.Pattern;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * When the drift check runs by itself: {@code inventory.drift-check.cycle}, a timer cycle
 * as Camunda takes it (an ISO 8601 repeating interval such as {@code R/PT6H}, the
 * default, or a Quartz cron expression). Read by the timer start event of
 * drift-check.bpmn when the models are deployed.
 */
@Component("driftCheckSchedule")
public class DriftCheckSchedule {

	static final String PROPERTY = "inventory.drift-check.cycle";

	/** R[n]/[start/]duration, or a cron expression of six or seven fields. */
	private static final Pattern CYCLE = Pattern.compile("R\\d*/(\\S+/)?P\\S+|(\\S+\\s+){5,6}\\S+");

	private final String cycle;

	DriftCheckSchedule(@Value("${" + PROPERTY + ":R/PT6H}") String cycle) {
		if (!CYCLE.matcher(cycle.strip()).matches()) {
			throw new IllegalArgumentException(PROPERTY + " '" + cycle
					+ "' must be a repeating ISO 8601 interval such as R/PT6H, or a cron expression such as "
					+ "'0 0 */6 * * ?'");
		}
		this.cycle = cycle.strip();
	}

	public String getCycle() {
		return this.cycle;
	}

}
