package org.homelab.rollout.proxmox.steps;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

import org.homelab.rollout.waiting.WaitCondition;

final class Waits {

	private Waits() {
	}

	/** How long this wait has run, from its start as the engine recorded it (zero if unknown). */
	static Duration elapsed(Map<String, Object> variables) {
		Instant since = since(variables);
		return (since != null) ? Duration.between(since, Instant.now()) : Duration.ZERO;
	}

	static Instant since(Map<String, Object> variables) {
		return (variables.get(WaitCondition.WAITING_SINCE) instanceof Date date) ? date.toInstant() : null;
	}

}
