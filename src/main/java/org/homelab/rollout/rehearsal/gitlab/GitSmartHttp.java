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
 * (protocol v0, {@code HEAD} as symref to the default branch) and {@code git-upload-pack}
 * sends a pack of the wanted commits' history ({@link GitObjects}), so {@code git clone}
 * and {@code git fetch} work; pushes go through the commits API only (501). Every request
 * goes to the journal as system "gitlab-git"; the verdict names a request that is not
 * smart HTTP (dumb HTTP, a wrong content type).
 */
final class GitSmartHttp {

	static final Pattern PATH = Pattern.compile("^/(.+?)\\.git/(info/refs|git-upload-pack|git-receive-pack)$");

	static final String DENIED = "HTTP Basic: Access denied. If a password was provided for Git authentication, the"
			+ " password was incorrect or you're required to use a token instead of a password. If a token was"
			+ " provided, it was either incorrect, expired, or improperly scoped.";

	/**
	 * What the lab's upload-pack does (GitLab's Gitaly offers more: multi_ack_detailed,
	 * shallow, filter, ...; a client uses only what both sides name).
	 */
	static final String CAPABILITIES = "thin-pack side-band side-band-64k ofs-delta no-progress include-tag"
			+ " object-format=sha1 agent=git/2.47.1.gl1";

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
		if ("git-receive-pack".equals(service)) {
			send(exchange, method, rawPath, 501, "text/plain",
					"The rehearsal lab's GitLab takes pushes through the commits API only, not git push.", verdict);
			return;
		}
		uploadPack(exchange, rawPath, project, verdict);
	}

	/**
	 * Stateless {@code git-upload-pack} (protocol v0): the client's wants; without
	 * {@code done} a negotiation round, answered NAK (the lab acknowledges no common
	 * commit, so the client ends with {@code done}); then NAK and a pack of everything
	 * reachable from the wants, in side-band-64k packets if the client asked for them.
	 */
	private void uploadPack(HttpExchange exchange, String rawPath, Project project, String verdict) throws IOException {
		byte[] raw = exchange.getRequestBody().readAllBytes();
		if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
			raw = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(raw)).readAllBytes();
		}
		java.util.List<String> wants = new java.util.ArrayList<>();
		boolean done = false;
		boolean sideBand64k = false;
		boolean sideBand = false;
		for (String line : lines(raw)) {
			if (line.startsWith("want ")) {
				String[] parts = line.substring(5).strip().split(" ");
				wants.add(parts[0]);
				for (int i = 1; i < parts.length; i++) {
					sideBand64k |= parts[i].equals("side-band-64k");
					sideBand |= parts[i].equals("side-band");
				}
			}
			done |= line.strip().equals("done");
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] pack;
		synchronized (this.lab.state) {
			for (String want : wants) {
				if (project.commit(want) == null) {
					pkt(out, "ERR upload-pack: not our ref " + want + "\n");
					send(exchange, "POST", rawPath, 200, "application/x-git-upload-pack-result", out.toByteArray(),
							verdict);
					return;
				}
			}
			pack = (done && !wants.isEmpty()) ? GitObjects.pack(project, wants) : null;
		}
		pkt(out, "NAK\n");
		if (pack != null) {
			int max = sideBand64k ? 65515 : (sideBand ? 995 : 0);
			if (max == 0) {
				out.writeBytes(pack);
			}
			else {
				for (int at = 0; at < pack.length; at += max) {
					int length = Math.min(max, pack.length - at);
					out.writeBytes(String.format("%04x", length + 5).getBytes(StandardCharsets.US_ASCII));
					out.write(1);
					out.write(pack, at, length);
				}
				out.writeBytes("0000".getBytes(StandardCharsets.US_ASCII));
			}
		}
		send(exchange, "POST", rawPath, 200, "application/x-git-upload-pack-result", out.toByteArray(), verdict);
	}

	/** The pkt-lines of a request, flushes left out. */
	private static java.util.List<String> lines(byte[] raw) {
		java.util.List<String> lines = new java.util.ArrayList<>();
		int at = 0;
		while (at + 4 <= raw.length) {
			int length = Integer.parseInt(new String(raw, at, 4, StandardCharsets.US_ASCII), 16);
			if (length < 4) {
				at += 4;
				continue;
			}
			lines.add(new String(raw, at + 4, Math.min(length - 4, raw.length - at - 4), StandardCharsets.UTF_8));
			at += length;
		}
		return lines;
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
		send(exchange, method, path, status, type, text.getBytes(StandardCharsets.UTF_8), verdict);
	}

	private void send(HttpExchange exchange, String method, String path, int status, String type, byte[] bytes,
			String verdict) throws IOException {
		this.lab.journal.record("gitlab-git", method, path, status, verdict);
		exchange.getResponseHeaders().set("Content-Type", type);
		exchange.sendResponseHeaders(status, (bytes.length == 0) ? -1 : bytes.length);
		if (bytes.length > 0) {
			exchange.getResponseBody().write(bytes);
		}
	}

}
