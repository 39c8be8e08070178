package org.homelab.rollout.rehearsal.proxmox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Splits one shell line into words and operators as sh does: quotes, backslashes,
 * {@code $VAR}/{@code ${VAR}} expansion and {@code $(command)} substitution (its output
 * without trailing newlines, as one word inside double quotes; no nesting) outside single
 * quotes, and the operators {@code && || ; | > >> 2> 2>&1 >&2 < <<}.
 */
final class ShellTokens {

	/** A word, or an operator when {@code operator} (quoted operators are words). */
	record Token(String text, boolean operator) {

		boolean is(String op) {
			return this.operator && this.text.equals(op);
		}

	}

	private ShellTokens() {
	}

	static List<Token> split(String line, Map<String, String> env) {
		return split(line, env, command -> "");
	}

	/** {@code substitution} runs a {@code $(command)} and answers its stdout. */
	static List<Token> split(String line, Map<String, String> env, UnaryOperator<String> substitution) {
		List<Token> tokens = new ArrayList<>();
		StringBuilder word = new StringBuilder();
		boolean inWord = false;
		for (int i = 0; i < line.length(); i++) {
			char c = line.charAt(i);
			if (c == '\'') {
				int end = line.indexOf('\'', i + 1);
				end = (end < 0) ? line.length() : end;
				word.append(line, i + 1, end);
				i = end;
				inWord = true;
			}
			else if (c == '"') {
				i = doubleQuoted(line, i + 1, word, env, substitution);
				inWord = true;
			}
			else if (c == '\\' && i + 1 < line.length()) {
				word.append(line.charAt(++i));
				inWord = true;
			}
			else if (c == '$') {
				i = expand(line, i, word, env, substitution);
				inWord = true;
			}
			else if (c == '#' && !inWord) {
				break;
			}
			else if (Character.isWhitespace(c) || "&|;<>".indexOf(c) >= 0
					|| (c == '2' && !inWord && next(line, i) == '>')) {
				if (inWord) {
					tokens.add(new Token(word.toString(), false));
					word.setLength(0);
					inWord = false;
				}
				if (!Character.isWhitespace(c)) {
					String op = operator(line, i);
					tokens.add(new Token(op, true));
					i += op.length() - 1;
				}
			}
			else {
				word.append(c);
				inWord = true;
			}
		}
		if (inWord) {
			tokens.add(new Token(word.toString(), false));
		}
		return tokens;
	}

	private static char next(String line, int i) {
		return (i + 1 < line.length()) ? line.charAt(i + 1) : 0;
	}

	private static String operator(String line, int i) {
		for (String op : new String[] { "2>&1", ">&2", "&&", "||", ">>", "<<", "2>", ";", "|", ">", "<", "&" }) {
			if (line.startsWith(op, i)) {
				return op;
			}
		}
		return String.valueOf(line.charAt(i));
	}

	private static int doubleQuoted(String line, int from, StringBuilder word, Map<String, String> env,
			UnaryOperator<String> substitution) {
		int i = from;
		for (; i < line.length() && line.charAt(i) != '"'; i++) {
			char c = line.charAt(i);
			if (c == '\\' && i + 1 < line.length() && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
				word.append(line.charAt(++i));
			}
			else if (c == '$') {
				i = expand(line, i, word, env, substitution);
			}
			else {
				word.append(c);
			}
		}
		return i;
	}

	/**
	 * Expands $NAME or ${NAME} at {@code at}; returns the index of its last character.
	 */
	private static int expand(String line, int at, StringBuilder word, Map<String, String> env,
			UnaryOperator<String> substitution) {
		int i = at + 1;
		if (i < line.length() && line.charAt(i) == '(') {
			int end = line.indexOf(')', i);
			if (end > 0) {
				word.append(substitution.apply(line.substring(i + 1, end)).replaceFirst("\\n+$", ""));
				return end;
			}
		}
		if (i < line.length() && line.charAt(i) == '{') {
			int end = line.indexOf('}', i);
			if (end > 0) {
				word.append(env.getOrDefault(line.substring(i + 1, end), ""));
				return end;
			}
		}
		int end = i;
		while (end < line.length() && (Character.isLetterOrDigit(line.charAt(end)) || line.charAt(end) == '_'
				|| (end == i && line.charAt(end) == '?'))) {
			end++;
			if (line.charAt(end - 1) == '?') {
				break;
			}
		}
		if (end == i) {
			word.append('$');
			return at;
		}
		word.append(env.getOrDefault(line.substring(i, end), ""));
		return end - 1;
	}

}
