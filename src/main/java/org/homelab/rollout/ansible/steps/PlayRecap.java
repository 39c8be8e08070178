package org.homelab.rollout.ansible.steps;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an ansible-playbook run printed, as the playbook scripts report it: whether it
 * exited 0 (the script's last line) and its PLAY RECAP, per host {@code ok},
 * {@code changed}, {@code unreachable}, {@code failed}.
 */
record PlayRecap(boolean exitedZero, Map<String, Map<String, Integer>> hosts, boolean simulated) {

	private static final Pattern LINE = Pattern
		.compile("^(\\S+)\\s*:\\s*ok=(\\d+)\\s+changed=(\\d+)\\s+unreachable=(\\d+)\\s+failed=(\\d+)");

	static PlayRecap of(String output) {
		String text = (output != null) ? output : "";
		Map<String, Map<String, Integer>> hosts = new LinkedHashMap<>();
		boolean inRecap = false;
		for (String line : text.lines().toList()) {
			if (line.startsWith("PLAY RECAP")) {
				inRecap = true;
				continue;
			}
			Matcher matcher = LINE.matcher(line);
			if (inRecap && matcher.find()) {
				hosts.put(matcher.group(1),
						Map.of("ok", Integer.parseInt(matcher.group(2)), "changed", Integer.parseInt(matcher.group(3)),
								"unreachable", Integer.parseInt(matcher.group(4)), "failed",
								Integer.parseInt(matcher.group(5))));
			}
		}
		boolean exited = text.strip().endsWith(AnsibleModel.EXIT_OK);
		return new PlayRecap(exited, hosts, text.contains("SIMULATED RUN"));
	}

	int total(String counter) {
		return this.hosts.values().stream().mapToInt(host -> host.get(counter)).sum();
	}

	/** Exited 0, at least one host, none unreachable or failed. */
	boolean clean() {
		return this.exitedZero && !this.hosts.isEmpty() && total("unreachable") == 0 && total("failed") == 0;
	}

	String summary() {
		return (this.exitedZero ? "exit 0" : "exit non-zero") + ", " + this.hosts.size() + " host(s), changed="
				+ total("changed") + " unreachable=" + total("unreachable") + " failed=" + total("failed")
				+ (this.simulated ? " (rehearsal lab: per-host results simulated)" : "");
	}

}
