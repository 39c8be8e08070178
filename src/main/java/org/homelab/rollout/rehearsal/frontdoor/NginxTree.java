package org.homelab.rollout.rehearsal.frontdoor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The guest's nginx configuration copied to a directory of the host so the real nginx
 * reads it: /etc/nginx, /etc/letsencrypt and /etc/ssl land under {@code root}, absolute
 * guest paths in the configuration point there, and each {@code listen} moves to the
 * frontend's lab address and the lab's unprivileged ports (80 to the HTTP port, 443 to
 * the HTTPS port; IPv6 listens are dropped: the lab network is IPv4). That rewrite is the
 * lab's one deviation from the files the engine wrote.
 */
final class NginxTree {

	static final List<String> COPIED = List.of("/etc/nginx/", "/etc/letsencrypt/", "/etc/ssl/");

	// a path in a directive: after blank or quote, one of the trees a config names
	private static final Pattern GUEST_PATH = Pattern.compile("(?<=[\\s\"'])/(?=(etc|var|run|usr/share|opt|srv)/)");

	private static final Pattern LISTEN = Pattern.compile("(?m)^(\\s*listen\\s+)(\\S+?)(\\s[^;]*)?;");

	private static final Pattern USER = Pattern.compile("(?m)^(\\s*)user\\s+[^;]*;");

	private static final Pattern HTTP = Pattern.compile("(?m)^http\\s*\\{");

	private final Path root;

	private final String address;

	private final int httpPort;

	private final int httpsPort;

	NginxTree(Path root, String address, int httpPort, int httpsPort) {
		this.root = root.toAbsolutePath().normalize();
		this.address = address;
		this.httpPort = httpPort;
		this.httpsPort = httpsPort;
	}

	Path root() {
		return this.root;
	}

	Path mainConfig() {
		return host("/etc/nginx/nginx.conf");
	}

	/**
	 * Where nginx logs before it has read error_log (its -e): a file, so that what it
	 * says on the console keeps the "nginx: [emerg] ..." shape.
	 */
	String errorLog() {
		return host("/var/log/nginx/error.log").toString();
	}

	/** Replaces the copied trees with the guest's current files. */
	void write(Map<String, byte[]> guestFiles) {
		try {
			for (String tree : COPIED) {
				delete(host(tree));
			}
			for (String dir : List.of("/run", "/var/log/nginx", "/var/lib/nginx")) {
				Files.createDirectories(host(dir));
			}
			for (Map.Entry<String, byte[]> file : guestFiles.entrySet()) {
				String path = file.getKey();
				if (COPIED.stream().noneMatch(path::startsWith) || path.contains("/../") || path.endsWith("/.dir")) {
					continue;
				}
				Path target = host(path);
				Files.createDirectories(target.getParent());
				byte[] content = path.startsWith("/etc/nginx/")
						? rewrite(new String(file.getValue(), StandardCharsets.UTF_8),
								path.equals("/etc/nginx/nginx.conf"))
							.getBytes(StandardCharsets.UTF_8)
						: file.getValue();
				Files.write(target, content);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot copy the frontend's nginx configuration to " + this.root, ex);
		}
	}

	/** nginx's output with the host directory taken out, so it names guest paths. */
	String guestPaths(String output) {
		return output.replace(this.root.toString(), "");
	}

	private String rewrite(String config, boolean main) {
		String result = GUEST_PATH.matcher(config).replaceAll(Matcher.quoteReplacement(this.root.toString() + "/"));
		Matcher listen = LISTEN.matcher(result);
		StringBuilder out = new StringBuilder();
		while (listen.find()) {
			String rest = (listen.group(3) != null) ? listen.group(3) : "";
			String replacement = listen.group(2).startsWith("[")
					? listen.group(1).replace("listen", "# listen") + listen.group(2) + rest
							+ "; # IPv6: not in the lab network"
					: listen.group(1) + this.address + ":" + labPort(listen.group(2)) + rest + ";";
			listen.appendReplacement(out, Matcher.quoteReplacement(replacement));
		}
		listen.appendTail(out);
		result = out.toString();
		if (main) {
			// the lab's nginx runs as the lab's user, with its temporary files in the
			// copy
			boolean root = "root".equals(System.getProperty("user.name"));
			result = USER.matcher(result).replaceAll(root ? "$1user root;" : "$1# user: the lab's own user");
			String temp = this.root + "/var/lib/nginx/";
			result = HTTP.matcher(result)
				.replaceFirst(Matcher.quoteReplacement("http {\n\tclient_body_temp_path " + temp + "body;\n"
						+ "\tproxy_temp_path " + temp + "proxy;\n\tfastcgi_temp_path " + temp + "fastcgi;\n"
						+ "\tuwsgi_temp_path " + temp + "uwsgi;\n\tscgi_temp_path " + temp + "scgi;\n"));
		}
		return result;
	}

	private int labPort(String listen) {
		String port = listen.substring(listen.lastIndexOf(':') + 1);
		if (!port.matches("\\d+")) {
			return this.httpPort;
		}
		return switch (Integer.parseInt(port)) {
			case 80 -> this.httpPort;
			case 443 -> this.httpsPort;
			default -> Integer.parseInt(port);
		};
	}

	private Path host(String guestPath) {
		return this.root.resolve(guestPath.substring(1));
	}

	private static void delete(Path dir) throws IOException {
		if (!Files.exists(dir)) {
			return;
		}
		try (Stream<Path> walk = Files.walk(dir)) {
			for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

}
