package org.homelab.rollout.rehearsal.frontdoor;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.homelab.rollout.rehearsal.GuestCommand.Result;

/**
 * {@code nginx -t} where the real nginx is not installed: a structural check of
 * nginx.conf, conf.d/*.conf and sites-enabled/* with nginx's message shapes: braces
 * balance, every directive ends with {@code ;}, the certificate files a server names
 * exist. Anything subtler (unknown directives, bad arguments) only the real nginx finds;
 * what nginx itself accepts (a map variable defined twice: the later map wins, a server
 * name used twice: a warning) passes here too.
 */
final class NginxCheck {

	private static final String MAIN = FrontendSeed.NGINX_CONF;

	private NginxCheck() {
	}

	static Result check(Map<String, byte[]> files, boolean quiet) {
		List<String> included = new ArrayList<>(List.of(MAIN));
		files.keySet()
			.stream()
			.filter(p -> (p.startsWith("/etc/nginx/conf.d/") && p.endsWith(".conf"))
					|| (p.startsWith(FrontendSeed.SITES_ENABLED)
							&& !p.substring(p.lastIndexOf('/') + 1).startsWith(".")))
			.sorted()
			.forEach(included::add);
		for (String path : included) {
			byte[] content = files.get(path);
			if (content == null) {
				return failed("open() \"" + path + "\" failed (2: No such file or directory)");
			}
			String error = checkFile(path, new String(content, StandardCharsets.UTF_8), files);
			if (error != null) {
				return failed(error);
			}
		}
		return new Result(0, "", quiet ? "" : "nginx: the configuration file " + MAIN + " syntax is ok\n"
				+ "nginx: configuration file " + MAIN + " test is successful\n", null);
	}

	private static String checkFile(String path, String text, Map<String, byte[]> files) {
		int depth = 0;
		int line = 1;
		List<String> words = new ArrayList<>();
		StringBuilder word = new StringBuilder();
		for (int i = 0; i <= text.length(); i++) {
			char c = (i < text.length()) ? text.charAt(i) : '\n';
			if (c == '#' && word.isEmpty()) {
				while (i + 1 < text.length() && text.charAt(i + 1) != '\n') {
					i++;
				}
				continue;
			}
			if (c == '"' || c == '\'') {
				int end = text.indexOf(c, i + 1);
				word.append(text, i + 1, (end < 0) ? text.length() : end);
				i = (end < 0) ? text.length() : end;
				continue;
			}
			if (Character.isWhitespace(c) || c == ';' || c == '{' || c == '}') {
				if (!word.isEmpty()) {
					words.add(word.toString());
					word.setLength(0);
				}
			}
			else {
				word.append(c);
			}
			String at = " in " + path + ":" + line;
			if (c == '\n') {
				line++;
			}
			else if (c == ';') {
				if (words.isEmpty()) {
					return "unexpected \";\"" + at;
				}
				String error = directive(words, files);
				if (error != null) {
					return error + at;
				}
				words.clear();
			}
			else if (c == '{') {
				depth++;
				words.clear();
			}
			else if (c == '}') {
				// a directive left open before the brace: nginx 1.22 names the brace too
				if (!words.isEmpty() || --depth < 0) {
					return "unexpected \"}\"" + at;
				}
			}
		}
		if (!words.isEmpty() || depth > 0) {
			return "unexpected end of file, expecting \"" + (words.isEmpty() ? "}" : ";\" or \"}") + "\" in " + path
					+ ":" + (line - 1);
		}
		return null;
	}

	private static String directive(List<String> words, Map<String, byte[]> files) {
		String name = words.get(0);
		if ((name.equals("ssl_certificate") || name.equals("ssl_certificate_key")) && words.size() == 2
				&& !words.get(1).startsWith("$") && !files.containsKey(words.get(1))) {
			return "cannot load certificate" + (name.endsWith("_key") ? " key" : "") + " \"" + words.get(1)
					+ "\": BIO_new_file() failed (SSL: error:80000002:system library::No such file or directory)";
		}
		return null;
	}

	private static Result failed(String error) {
		return Result.fail(1, "nginx: [emerg] " + error + "\nnginx: configuration file " + MAIN + " test failed\n");
	}

}
