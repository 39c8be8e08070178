package org.homelab.rollout.rehearsal.frontdoor;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The server blocks of the frontend's sites (conf.d/*.conf, sites-enabled/*) as the
 * simulated front door serves them when the real nginx is not installed: ports, names,
 * certificate, a {@code return}, and {@code location /}'s proxy_pass and auth_request.
 */
final class NginxSites {

	record Site(List<Integer> ports, boolean defaultServer, List<String> names, String certificate, String key,
			String returnCode, String returnTarget, String proxyPass, boolean authRequest) {
	}

	private NginxSites() {
	}

	static List<Site> read(Map<String, byte[]> files) {
		List<Site> sites = new ArrayList<>();
		files.entrySet()
			.stream()
			.filter(e -> (e.getKey().startsWith("/etc/nginx/conf.d/") && e.getKey().endsWith(".conf"))
					|| (e.getKey().startsWith(FrontendSeed.SITES_ENABLED)
							&& !e.getKey().substring(e.getKey().lastIndexOf('/') + 1).startsWith(".")))
			.sorted(Map.Entry.comparingByKey())
			.forEach(e -> parse(new String(e.getValue(), StandardCharsets.UTF_8), sites));
		return sites;
	}

	/** Reads the file's server blocks; only what the simulation needs of them. */
	private static void parse(String text, List<Site> sites) {
		List<String> tokens = tokens(text);
		int depth = 0;
		Builder server = null;
		List<String> locations = new ArrayList<>();
		List<String> words = new ArrayList<>();
		for (String token : tokens) {
			if (token.equals("{")) {
				depth++;
				if (depth == 1 && !words.isEmpty() && words.get(0).equals("server")) {
					server = new Builder();
				}
				locations.add(words.isEmpty() ? "" : String.join(" ", words));
				words.clear();
			}
			else if (token.equals("}")) {
				depth--;
				if (!locations.isEmpty()) {
					locations.remove(locations.size() - 1);
				}
				if (depth == 0 && server != null) {
					sites.add(server.build());
					server = null;
				}
			}
			else if (token.equals(";")) {
				if (server != null && !words.isEmpty()) {
					server.directive(words, locations.get(locations.size() - 1));
				}
				words.clear();
			}
			else {
				words.add(token);
			}
		}
	}

	private static List<String> tokens(String text) {
		List<String> tokens = new ArrayList<>();
		StringBuilder word = new StringBuilder();
		for (int i = 0; i <= text.length(); i++) {
			char c = (i < text.length()) ? text.charAt(i) : '\n';
			if (c == '#' && word.isEmpty()) {
				int end = text.indexOf('\n', i);
				if (end < 0) {
					break;
				}
				i = end - 1;
				continue;
			}
			if ((c == '"' || c == '\'') && word.isEmpty()) {
				int end = text.indexOf(c, i + 1);
				end = (end < 0) ? text.length() : end;
				tokens.add(text.substring(i + 1, end));
				i = end;
				continue;
			}
			if (Character.isWhitespace(c) || c == ';' || c == '{' || c == '}') {
				if (!word.isEmpty()) {
					tokens.add(word.toString());
					word.setLength(0);
				}
				if (!Character.isWhitespace(c)) {
					tokens.add(String.valueOf(c));
				}
			}
			else {
				word.append(c);
			}
		}
		return tokens;
	}

	private static final class Builder {

		final List<Integer> ports = new ArrayList<>();

		final List<String> names = new ArrayList<>();

		boolean defaultServer;

		String certificate;

		String key;

		String returnCode;

		String returnTarget;

		String proxyPass;

		boolean authRequest;

		void directive(List<String> words, String block) {
			List<String> args = words.subList(1, words.size());
			boolean root = block.equals("location /");
			switch (words.get(0)) {
				case "listen" -> {
					if (!args.isEmpty() && !args.get(0).startsWith("[")) {
						String port = args.get(0).substring(args.get(0).lastIndexOf(':') + 1);
						this.ports.add(port.matches("\\d+") ? Integer.parseInt(port) : 80);
						this.defaultServer |= args.contains("default_server");
					}
				}
				case "server_name" -> this.names.addAll(args);
				case "ssl_certificate" -> this.certificate = args.isEmpty() ? null : args.get(0);
				case "ssl_certificate_key" -> this.key = args.isEmpty() ? null : args.get(0);
				case "return" -> {
					if (block.startsWith("server") && args.size() == 2) {
						this.returnCode = args.get(0);
						this.returnTarget = args.get(1);
					}
				}
				case "proxy_pass" -> this.proxyPass = root && !args.isEmpty() ? args.get(0) : this.proxyPass;
				case "auth_request" -> this.authRequest |= root && !args.contains("off");
				default -> {
					// nothing the simulation acts on
				}
			}
		}

		Site build() {
			return new Site(List.copyOf(this.ports), this.defaultServer, List.copyOf(this.names), this.certificate,
					this.key, this.returnCode, this.returnTarget, this.proxyPass, this.authRequest);
		}

	}

}
