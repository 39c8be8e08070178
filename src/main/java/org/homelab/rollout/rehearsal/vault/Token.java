package org.homelab.rollout.rehearsal.vault;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service token. {@code ttlSeconds} 0 means it never expires (the root token);
 * {@code parent} is null for orphans. The id is a secret: never log it.
 */
record Token(String id, String accessor, List<String> policies, String displayName, String path, Instant created,
		long ttlSeconds, boolean renewable, String parent, Map<String, String> meta, int numUses) {

	boolean root() {
		return this.policies.contains("root");
	}

	boolean orphan() {
		return this.parent == null;
	}

	Instant expiry() {
		return (this.ttlSeconds == 0) ? null : this.created.plusSeconds(this.ttlSeconds);
	}

	boolean expired(Instant now) {
		Instant expiry = expiry();
		return expiry != null && !now.isBefore(expiry);
	}

	long remaining(Instant now) {
		Instant expiry = expiry();
		return (expiry == null) ? 0 : Math.max(0, expiry.getEpochSecond() - now.getEpochSecond());
	}

	/** Vault's {@code "30s"}, {@code "1h30m"}, {@code "72h"} or plain seconds. */
	static long seconds(String duration) {
		if (duration == null || duration.isBlank()) {
			return 0;
		}
		String text = duration.trim();
		if (text.matches("\\d+")) {
			return Long.parseLong(text);
		}
		Matcher part = Pattern.compile("(\\d+)(ms|s|m|h|d)").matcher(text);
		long total = 0;
		int end = 0;
		while (part.find()) {
			if (part.start() != end) {
				break;
			}
			long value = Long.parseLong(part.group(1));
			total += switch (part.group(2)) {
				case "ms" -> value / 1000;
				case "s" -> value;
				case "m" -> value * 60;
				case "h" -> value * 3600;
				default -> value * 86400;
			};
			end = part.end();
		}
		if (end != text.length()) {
			throw new IllegalArgumentException("time: invalid duration \"" + text + "\"");
		}
		return total;
	}

}
