package org.homelab.rollout.rehearsal.gitlab;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import org.homelab.rollout.rehearsal.gitlab.GitlabState.Project;

/**
 * Git's smart HTTP protocol at {@code /<group>/<project>.git/...}, authenticated by HTTP
 * basic as GitLab does it: a deploy token's user name and value (Argo CD's repository
 * Secret, {@code git clone https://user:token@…}), or a personal access token. No or bad
 * credentials: 401 with {@code WWW-Authenticate: Basic realm="GitLab"}; a project the
 * credentials cannot see: 404; a push with read-only credentials: 403. The ref
 * advertisement ({@code info/refs?service=git-upload-pack}) answers as GitLab's does
 * (protocol v0, {@code HEAD} as symref to the default branch); packs
 * ({@code POST git-upload-pack}) are not simulated and answer 501 saying so. Every
 * request goes to the journal as system "gitlab-git"; the verdict names a request that is
 * not smart HTTP (dumb HTTP, a wrong content type).
 */
final class GitSmartHttp {

	static final Pattern PATH = Pattern.compile("^/(.+?)\\.git/(info/refs|git-upload-pack|git-receive-pack)$");

	static final String DENIED = "HTTP Basic: Access denied. If a password was provided for Git authentication, the"
			+ " password was incorrect or you're required to use a token instead of a password. If a token was"
			+ " provided, it was either incorrect, expired, or improperly scoped.";

	static final String CAPABILITIES = "multi_ack thin-pack side-band side-band-64k ofs-delta shallow deepen-since"
			+ " deepen-not deepen-relative no-progress include-tag multi_ack_detailed allow-tip-sha1-in-want"
			+ " allow-reachable-sha1-in-want no-done object-format=sha1 agent=git/2.47.1.gl1";

	private final GitlabLab lab;

	GitSmartHttp(GitlabLab lab) {
		this.lab = lab;
	}

	static boolean handles(String rawPath) {
		return PATH.matcher(rawPath).matches();
	}

	void handle(HttpExchange exchange, String rawPath) throws IOException {
		Matcher matcher = PATH.matcher(rawPath);
		matcher.matches();
		String method = exchange.getRequestMethod();
		String what = matcher.group(2);
		String service = what.equals("info/refs") ? query(exchange, "service") : what;
		String verdict = verdict(exchange, method, what, service);
		String[] credentials = basic(exchange.getRequestHeaders().getFirst("Authorization"));
		Project project;
		boolean known;
		boolean reads;
		boolean writes;
		Map<String, String> heads = new java.util.TreeMap<>();
		String defaultBranch;
		synchronized (this.lab.state) {
			project = this.lab.state.projects.values()
				.stream()
				.filter(p -> p.fullPath()
					.equalsIgnoreCase(java.net.URLDecoder.decode(matcher.group(1), StandardCharsets.UTF_8)))
				.findFirst()
				.orElse(null);
			known = credentials != null && known(credentials);
			reads = known && project != null && readable(this.lab.state, project, credentials[0], credentials[1]);
			writes = reads && personal(this.lab.state, credentials[1], "api", "write_repository");
			defaultBranch = (project != null) ? project.defaultBranch : null;
			if (project != null) {
				project.branches.keySet().forEach(branch -> heads.put(branch, project.head(branch).id()));
			}
		}
		if (!known) {
			denied(exchange, method, rawPath, verdict);
			return;
		}
		if (!reads) {
			send(exchange, method, rawPath, 404, "text/plain",
					"The project you were looking for could not be found or" + " you don't have permission to view it.",
					verdict);
			return;
		}
		if ("git-receive-pack".equals(service) && !writes) {
			send(exchange, method, rawPath, 403, "text/plain", "You are not allowed to push code to this project.",
					verdict);
			return;
		}
		if (!verdict.equals("ok")) {
			send(exchange, method, rawPath, 403, "text/plain", "Git HTTP: " + verdict, verdict);
			return;
		}
		if (what.equals("info/refs")) {
			exchange.getResponseHeaders().set("Cache-Control", "no-cache");
			send(exchange, method, rawPath, 200, "application/x-" + service + "-advertisement",
					advertisement(service, heads, defaultBranch), verdict);
			return;
		}
		send(exchange, method, rawPath, 501, "text/plain",
				"The rehearsal lab's GitLab serves the ref advertisement only: packs (" + service
						+ ") are not simulated. Read files through the API or GitlabRepositories.",
				verdict);
	}

	/** "ok" for a smart HTTP request, else what it is not. */
	private static String verdict(HttpExchange exchange, String method, String what, String service) {
		if (what.equals("info/refs")) {
			if (!method.equals("GET")) {
				return "git smart HTTP: info/refs takes GET, not " + method;
			}
			if (service == null) {
				return "git smart HTTP: info/refs without ?service= (dumb HTTP, which GitLab does not serve)";
			}
			return (service.equals("git-upload-pack") || service.equals("git-receive-pack")) ? "ok"
					: "git smart HTTP: unknown service " + service;
		}
		String type = exchange.getRequestHeaders().getFirst("Content-Type");
		if (!method.equals("POST")) {
			return "git smart HTTP: " + what + " takes POST, not " + method;
		}
		return ("application/x-" + what + "-request").equals(type) ? "ok"
				: "git smart HTTP: " + what + " needs Content-Type application/x-" + what + "-request, got " + type;
	}

	/** Whether the credentials are a token GitLab knows at all (else 401). */
	private boolean known(String[] credentials) {
		String digest = GitlabState.digest(credentials[1]);
		boolean deployToken = this.lab.state.deployTokens.values()
			.stream()
			.anyMatch(
					t -> t.username().equals(credentials[0]) && t.digest().equals(digest) && !DeployTokens.expired(t));
		return deployToken || personal(this.lab.state, credentials[1], "api", "read_repository", "write_repository");
	}

	/** The caller holds the state's lock. */
	static boolean readable(GitlabState state, Project project, String username, String password) {
		return DeployTokens.reads(state, project, username, password)
				|| personal(state, password, "api", "read_repository", "write_repository");
	}

	/** A personal access token (root's: it sees every project) with one of the scopes. */
	private static boolean personal(GitlabState state, String password, String... scopes) {
		GitlabState.Token token = state.tokenByValue(password);
		if (token == null || token.revoked() || Tokens.expired(token)) {
			return false;
		}
		for (String scope : scopes) {
			if (token.scopes().contains(scope)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Protocol v0 ref advertisement: service line, flush, refs with capabilities, flush.
	 */
	static String advertisement(String service, Map<String, String> heads, String defaultBranch) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		pkt(out, "# service=" + service + "\n");
		out.writeBytes("0000".getBytes(StandardCharsets.US_ASCII));
		boolean first = true;
		String head = heads.get(defaultBranch);
		if (heads.isEmpty()) {
			pkt(out, "0".repeat(40) + " capabilities^{}\0" + CAPABILITIES + "\n");
		}
		else if (service.equals("git-upload-pack") && head != null) {
			pkt(out, head + " HEAD\0" + CAPABILITIES + " symref=HEAD:refs/heads/" + defaultBranch + "\n");
			first = false;
		}
		for (Map.Entry<String, String> branch : heads.entrySet()) {
			pkt(out, branch.getValue() + " refs/heads/" + branch.getKey() + (first ? "\0" + CAPABILITIES : "") + "\n");
			first = false;
		}
		out.writeBytes("0000".getBytes(StandardCharsets.US_ASCII));
		return out.toString(StandardCharsets.UTF_8);
	}

	private static void pkt(ByteArrayOutputStream out, String line) {
		byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
		out.writeBytes(String.format("%04x", bytes.length + 4).getBytes(StandardCharsets.US_ASCII));
		out.writeBytes(bytes);
	}

	/** User name and password of an HTTP basic header, null when there is none. */
	static String[] basic(String header) {
		if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
			return null;
		}
		try {
			String pair = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
			int colon = pair.indexOf(':');
			return (colon < 0) ? null : new String[] { pair.substring(0, colon), pair.substring(colon + 1) };
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static String query(HttpExchange exchange, String name) {
		String raw = exchange.getRequestURI().getRawQuery();
		if (raw != null) {
			for (String pair : raw.split("&")) {
				if (pair.startsWith(name + "=")) {
					return java.net.URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
				}
			}
		}
		return null;
	}

	private void denied(HttpExchange exchange, String method, String path, String verdict) throws IOException {
		exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"GitLab\"");
		send(exchange, method, path, 401, "text/plain", DENIED, verdict);
	}

	private void send(HttpExchange exchange, String method, String path, int status, String type, String text,
			String verdict) throws IOException {
		this.lab.journal.record("gitlab-git", method, path, status, verdict);
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", type);
		exchange.sendResponseHeaders(status, (bytes.length == 0) ? -1 : bytes.length);
		if (bytes.length > 0) {
			exchange.getResponseBody().write(bytes);
		}
	}

}
