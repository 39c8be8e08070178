package org.homelab.rollout.gitlab;

import java.util.regex.Pattern;

/**
 * Checks a value before it goes into gitlab.rb (Ruby source): only the characters its
 * kind needs, so no quote, newline or interpolation can change the file's meaning. Each
 * refusal names the property.
 */
final class GitlabInput {

	private static final Pattern DNS_NAME = Pattern
		.compile("(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

	private static final Pattern IPV4 = Pattern
		.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,62}");

	private static final Pattern TAG = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,49}");

	private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9_./-]{1,250}");

	private GitlabInput() {
	}

	static String domain(String field, String value) {
		return matching(field, value, DNS_NAME, "must be a DNS name in lower case (letters, digits, '-', '.')");
	}

	static String address(String field, String value) {
		return matching(field, value, IPV4, "must be an IPv4 address");
	}

	static String host(String field, String value) {
		if (value != null && IPV4.matcher(value).matches()) {
			return value;
		}
		return matching(field, value, DNS_NAME, "must be an IPv4 address or a DNS name in lower case");
	}

	static String name(String field, String value) {
		return matching(field, value, NAME, "must be letters, digits, '_', '.', '-' (at most 63)");
	}

	static String tag(String field, String value) {
		return matching(field, value, TAG, "must be a lower-case tag (letters, digits, '_', '.', '-')");
	}

	static String path(String field, String value) {
		String checked = matching(field, value, PATH, "must be an absolute path of letters, digits, '_', '.', '-'");
		if (checked.contains("..")) {
			throw new IllegalArgumentException(field + " '" + printable(value) + "' refused: no '..' in a path");
		}
		return checked;
	}

	static int port(String field, int value) {
		if (value < 1 || value > 65535) {
			throw new IllegalArgumentException(field + " " + value + " refused: must be a port from 1 to 65535");
		}
		return value;
	}

	private static String matching(String field, String value, Pattern pattern, String rule) {
		if (value == null || !pattern.matcher(value).matches()) {
			throw new IllegalArgumentException(field + " '" + printable(value) + "' refused: " + rule);
		}
		return value;
	}

	/** The value as it can be shown in one line of a message. */
	private static String printable(String value) {
		return (value == null) ? "" : value.replace("\n", "\\n").replace("\r", "\\r");
	}

}
