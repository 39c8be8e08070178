package org.homelab.rollout.frontdoor;

import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks of what goes into the frontend's files. Every value ends up inside an nginx
 * server block or a YAML file, so anything that could end a directive, open a block,
 * start a new line or leave a directory is refused before a file is touched, with the
 * field named so the caller knows what to fix.
 */
final class FrontdoorInput {

	/**
	 * A DNS name: labels of letters, digits and inner hyphens, at most 253 characters.
	 */
	private static final Pattern DNS_NAME = Pattern
		.compile("(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

	/** Service and group names: they name nginx variables and Homepage entries. */
	private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

	/** nginx sizes: a number with an optional k, m or g ("0" turns the limit off). */
	private static final Pattern SIZE = Pattern.compile("[0-9]{1,6}[kKmMgG]?");

	/** A lookaround or a back-reference (after an even run of backslashes). */
	private static final Pattern NOT_RE2 = Pattern.compile("\\(\\?<?[=!]|(?<!\\\\)(\\\\\\\\)*\\\\[1-9]");

	private static final List<String> FORBIDDEN = List.of("\n", "\r", ";", "{", "}", "\"", "'", "`", "../", " ", "\t",
			"#", "$", "\\");

	private FrontdoorInput() {
	}

	static String name(String field, String value) {
		return matching(field, value, NAME, "must be lower-case letters, digits and inner hyphens (at most 63)");
	}

	static String domain(String field, String value) {
		return matching(field, value, DNS_NAME, "must be a valid lower-case DNS name");
	}

	static int port(String field, int value) {
		if (value < 1 || value > 65535) {
			throw new IllegalArgumentException(field + " " + value + " refused: must be a port from 1 to 65535");
		}
		return value;
	}

	static String size(String field, String value) {
		return matching(field, value, SIZE, "must be an nginx size such as 0, 512m or 10g");
	}

	/** Plain text (see {@link #text}) matching {@code pattern} whole, else refused. */
	private static String matching(String field, String value, Pattern pattern, String rule) {
		text(field, value);
		if (!pattern.matcher(value).matches()) {
			throw refused(field, value, rule);
		}
		return value;
	}

	/** An absolute path without a way out of its directory. */
	static String path(String field, String value) {
		text(field, value);
		if (!value.startsWith("/") || value.endsWith("/..") || value.contains("/./")) {
			throw refused(field, value, "must be an absolute path without '.' or '..' parts");
		}
		return value;
	}

	/** Free text that lands in a YAML value (a description, a URL, an icon). */
	static String label(String field, String value) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException(field + " is missing");
		}
		for (String bad : List.of("\n", "\r", "\"", "'", "`", "{", "}", ";", "\\", "../", "#")) {
			if (value.contains(bad)) {
				throw refused(field, value, "must not contain " + shown(bad));
			}
		}
		return value;
	}

	/** No character that could end an nginx directive, open a block or start a line. */
	static String text(String field, String value) {
		if (value == null || value.isEmpty()) {
			throw new IllegalArgumentException(field + " is missing");
		}
		for (String bad : FORBIDDEN) {
			if (value.contains(bad)) {
				throw refused(field, value, "must not contain " + shown(bad));
			}
		}
		return value;
	}

	/**
	 * An Authelia {@code resources} regex: one line that compiles, in the syntax Authelia
	 * (Go's RE2) accepts, so lookarounds and back-references, which Java would take, are
	 * refused too. It lands single-quoted in YAML, where a quote is doubled.
	 */
	static String resource(String field, String value) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException(field + " is missing");
		}
		if (value.chars().anyMatch(Character::isISOControl)) {
			throw refused(field, value, "must be one line without control characters");
		}
		if (NOT_RE2.matcher(value).find()) {
			throw refused(field, value, "lookarounds and back-references are not in Authelia's (Go's) regex syntax");
		}
		try {
			Pattern.compile(value.replace("(?P<", "(?<"));
		}
		catch (PatternSyntaxException ex) {
			throw refused(field, value, "is not a regular expression: " + ex.getDescription());
		}
		return value;
	}

	private static IllegalArgumentException refused(String field, String value, String why) {
		// the value is shown escaped: a newline in it must not break the message (or a
		// log) apart
		return new IllegalArgumentException(field + " '" + escaped(value) + "' refused: " + why);
	}

	private static String shown(String bad) {
		return switch (bad) {
			case "\n" -> "a newline";
			case "\r" -> "a carriage return";
			case "\t" -> "a tab";
			case " " -> "a space";
			default -> "'" + bad + "'";
		};
	}

	private static String escaped(String value) {
		String cut = (value.length() > 80) ? value.substring(0, 80) + "..." : value;
		return cut.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
	}

}
