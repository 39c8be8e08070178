package org.homelab.rollout.engine;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The retry back-off of steps whose model writes its production cycle in place, read by
 * the models as {@code <camunda:failedJobRetryTimeCycle>${retryCycles.of('R5/PT30S')}}:
 * the cycle as written, each delay times {@code rollout.retry-scale} (default 1, so
 * production runs the model's own numbers). The rehearsal lab's time runs at its latency
 * scale; a test scales the back-off likewise, keeping the number of retries.
 */
@Component("retryCycles")
public class RetryCycles {

	private static final Pattern REPEAT = Pattern.compile("R(\\d+)/(P.+)");

	private final double scale;

	public RetryCycles(@Value("${rollout.retry-scale:1}") double scale) {
		if (!(scale > 0 && scale <= 1)) {
			throw new IllegalArgumentException("rollout.retry-scale must be in (0, 1], not " + scale);
		}
		this.scale = scale;
	}

	/** {@code cycle} ("R5/PT30S") with its delay scaled; unchanged at scale 1. */
	public String of(String cycle) {
		Matcher repeat = REPEAT.matcher(cycle);
		if (this.scale == 1 || !repeat.matches()) {
			return cycle;
		}
		long millis = Math.max(50, Math.round(Duration.parse(repeat.group(2)).toMillis() * this.scale));
		return String.format(Locale.ROOT, "R%s/PT%d.%03dS", repeat.group(1), millis / 1000, millis % 1000);
	}

}
