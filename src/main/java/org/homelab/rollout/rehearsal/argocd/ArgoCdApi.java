package org.homelab.rollout.rehearsal.argocd;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.RequestJournal;
import org.homelab.rollout.rehearsal.argocd.RuntimeErrors.Reply;
import org.homelab.rollout.rehearsal.kubernetes.ArgoCdChart;

import static org.homelab.rollout.rehearsal.argocd.RuntimeErrors.ALREADY_EXISTS;
import static org.homelab.rollout.rehearsal.argocd.RuntimeErrors.FAILED_PRECONDITION;
import static org.homelab.rollout.rehearsal.argocd.RuntimeErrors.INVALID_ARGUMENT;
import static org.homelab.rollout.rehearsal.argocd.RuntimeErrors.NOT_FOUND;
import static org.homelab.rollout.rehearsal.argocd.RuntimeErrors.UNAUTHENTICATED;

/**
 * argocd-server's REST API as the lab answers it: every request checked against the
 * contract and recorded in the journal as system "argocd"; sessions (the admin account,
 * its password checked against argocd-secret's digest), the account's password change,
 * Applications, AppProjects and repositories, stored as Argo CD stores them. Errors are
 * {@code runtimeError} bodies. Creates answer 200, as grpc-gateway does.
 */
final class ArgoCdApi {

	private static final String PREFIX = "/api/v1/";

	private static final String VERSION = "/api/version";

	private final ArgoCdStore store;

	private final ArgoCdController controller;

	private final GitRepositories git;

	private final ArgoCdSchema schema;

	private final FaultInjector faults;

	private final RequestJournal journal;

	ArgoCdApi(ArgoCdStore store, ArgoCdController controller, GitRepositories git, ArgoCdSchema schema,
			FaultInjector faults, RequestJournal journal) {
		this.store = store;
		this.controller = controller;
		this.git = git;
		this.schema = schema;
		this.faults = faults;
		this.journal = journal;
	}

	/**
	 * One request: {@code rawPath} as sent (still encoded), {@code rawQuery} null when
	 * none, {@code authorization} the header's value (or the {@code argocd.token}
	 * cookie's, as {@code Bearer …}).
	 */
	Reply handle(String method, String rawPath, String rawQuery, String authorization, String bodyText) {
		Map<String, String> query = query(rawQuery);
		JsonNode body = null;
		if (bodyText != null && !bodyText.isBlank()) {
			try {
				body = ArgoCdStore.JSON.readTree(bodyText);
			}
			catch (IOException ex) {
				return record(method, rawPath,
						RuntimeErrors.of(INVALID_ARGUMENT,
								"invalid character in request body: " + ex.getMessage().lines().findFirst().orElse("")),
						"bad request body");
			}
		}
		String verdict = this.schema.check(method, rawPath, query, body);
		if (verdict.startsWith("path not in contract")) {
			return record(method, rawPath, new Reply(404, "Not Found"), verdict);
		}
		if (verdict.startsWith("method ")) {
			return record(method, rawPath, new Reply(405, "Method Not Allowed"), verdict);
		}
		Optional<FaultInjector.Kind> fault = this.faults.next("argocd", "api");
		if (fault.isPresent()) {
			return record(method, rawPath,
					(fault.get() == FaultInjector.Kind.HTTP_503)
							? RuntimeErrors.of(RuntimeErrors.UNAVAILABLE,
									"connection error: desc = \"transport: Error"
											+ " while dialing: dial tcp 127.0.0.1:8080: connect: connection refused\"")
							: RuntimeErrors.of(RuntimeErrors.INTERNAL, "Internal error"),
					verdict);
		}
		List<String> segments = segments(rawPath);
		JsonNode request = (body != null) ? body : ArgoCdStore.JSON.createObjectNode();
		Reply reply;
		try {
			if (segments.equals(List.of("session")) && method.equals("POST")) {
				reply = login(request);
			}
			else if (rawPath.equals(VERSION) && method.equals("GET")) {
				// anonymous callers get the version alone, as from Argo CD
				reply = Reply.ok(ArgoCdStore.JSON.createObjectNode().put("Version", ArgoCdChart.VERSION));
			}
			else {
				Sessions.Verdict session = authenticate(authorization);
				if (session.account().isEmpty()) {
					reply = RuntimeErrors.of(UNAUTHENTICATED, (session.error() == null) ? "no session information"
							: "invalid session: " + session.error());
				}
				else {
					reply = route(method, segments, query, request, session.account().get());
				}
			}
		}
		catch (KubernetesClientException ex) {
			reply = RuntimeErrors.of(RuntimeErrors.INTERNAL, ex.getMessage());
		}
		return record(method, rawPath, reply, verdict);
	}

	private Reply route(String method, List<String> segments, Map<String, String> query, JsonNode body,
			String account) {
		String first = segments.get(0);
		return switch (first) {
			case "session" -> (segments.size() == 2 && segments.get(1).equals("userinfo"))
					? Reply.ok(ArgoCdStore.JSON.createObjectNode().put("loggedIn", true).put("username", account))
					: Reply.ok("{}");
			case "account" -> password(body, account);
			case "applications" -> applications(method, segments, query, body, account);
			case "projects" -> projects(method, segments, body);
			case "repositories" -> repositories(method, segments, query, body);
			default -> RuntimeErrors.of(RuntimeErrors.PERMISSION_DENIED, "permission denied");
		};
	}

	// sessions

	private Reply login(JsonNode body) {
		String username = body.path("username").asText("");
		String password = body.path("password").asText("");
		Map<String, String> secret = this.store.argocdSecret();
		String digest = secret.get("admin.password");
		if (!username.equals("admin") || digest == null
				|| !MessageDigest.isEqual(digest.getBytes(StandardCharsets.UTF_8),
						ArgoCdChart.digest(password).getBytes(StandardCharsets.UTF_8))) {
			return RuntimeErrors.of(UNAUTHENTICATED, "Invalid username or password");
		}
		String token = Sessions.issue("admin", key(secret), Instant.now());
		return Reply.ok(ArgoCdStore.JSON.createObjectNode().put("token", token));
	}

	private Sessions.Verdict authenticate(String authorization) {
		if (authorization == null || !authorization.startsWith("Bearer ")) {
			return new Sessions.Verdict(Optional.empty(), null);
		}
		Map<String, String> secret = this.store.argocdSecret();
		if (secret.isEmpty()) {
			return Sessions.Verdict.invalid("server.secretkey is missing");
		}
		String mtime = secret.get("admin.passwordMtime");
		return Sessions.verify(authorization.substring("Bearer ".length()), key(secret),
				(mtime != null) ? Instant.parse(mtime) : null, Instant.now());
	}

	private Reply password(JsonNode body, String account) {
		String current = body.path("currentPassword").asText("");
		String next = body.path("newPassword").asText("");
		String digest = this.store.argocdSecret().get("admin.password");
		if (digest == null || !digest.equals(ArgoCdChart.digest(current))) {
			return RuntimeErrors.of(INVALID_ARGUMENT, "current password does not match");
		}
		if (!next.matches("^.{8,32}$")) {
			return RuntimeErrors.of(INVALID_ARGUMENT,
					"New password does not match the following expression: ^.{8,32}$.");
		}
		this.store.changeAdminPassword(next, Instant.now());
		return Reply.ok("{}");
	}

	// applications

	private Reply applications(String method, List<String> segments, Map<String, String> query, JsonNode body,
			String account) {
		if (segments.size() == 1 && method.equals("GET")) {
			ObjectNode list = ArgoCdStore.JSON.createObjectNode();
			list.putObject("metadata");
			ArrayNode items = list.putArray("items");
			for (ObjectNode app : this.store.list(ArgoCdStore.APPLICATIONS)) {
				String project = app.path("spec").path("project").asText();
				if ((query.containsKey("projects") && !query.get("projects").equals(project))
						|| (query.containsKey("name")
								&& !query.get("name").equals(app.path("metadata").path("name").asText()))) {
					continue;
				}
				items.add(app);
			}
			return Reply.ok(list);
		}
		if (segments.size() == 1 && method.equals("POST")) {
			return createApplication(body, "true".equals(query.get("upsert")), !"false".equals(query.get("validate")));
		}
		String name = segments.get(1);
		Optional<ObjectNode> app = this.store.get(ArgoCdStore.APPLICATIONS, name);
		if (app.isEmpty()) {
			return RuntimeErrors.of(NOT_FOUND, "applications.argoproj.io \"" + name + "\" not found");
		}
		if (segments.size() == 2 && method.equals("GET")) {
			String refresh = query.get("refresh");
			if (refresh != null && !refresh.isEmpty()) {
				return Reply.ok(this.controller.reconcile(name, true).orElse(app.get()));
			}
			return Reply.ok(app.get());
		}
		if (segments.size() == 2 && method.equals("DELETE")) {
			if (!"false".equals(query.get("cascade"))) {
				this.controller.deleteResources(app.get(), 0);
			}
			this.store.delete(ArgoCdStore.APPLICATIONS, name);
			return Reply.ok("{}");
		}
		if (segments.size() == 3 && segments.get(2).equals("sync") && method.equals("POST")) {
			if ("Running".equals(app.get().path("status").path("operationState").path("phase").asText())) {
				return RuntimeErrors.of(FAILED_PRECONDITION, "another operation is already in progress");
			}
			ObjectNode updated = app.get().deepCopy();
			ObjectNode operation = updated.putObject("operation");
			operation.putObject("initiatedBy").put("username", account);
			ObjectNode sync = operation.putObject("sync");
			String revision = body.path("revision").asText("");
			sync.put("revision", revision.isEmpty()
					? app.get().path("spec").path("source").path("targetRevision").asText("HEAD") : revision);
			sync.put("prune", body.path("prune").asBoolean(false));
			return Reply.ok(this.store.update(ArgoCdStore.APPLICATIONS, updated));
		}
		return RuntimeErrors.of(RuntimeErrors.PERMISSION_DENIED, "permission denied");
	}

	private Reply createApplication(JsonNode body, boolean upsert, boolean validate) {
		String name = body.path("metadata").path("name").asText("");
		JsonNode spec = body.path("spec");
		if (name.isEmpty()) {
			return RuntimeErrors.of(INVALID_ARGUMENT, "Application.metadata.name is required");
		}
		String project = spec.path("project").asText("");
		if (project.isEmpty() || this.store.get(ArgoCdStore.PROJECTS, project).isEmpty()) {
			return RuntimeErrors.of(INVALID_ARGUMENT,
					"application references project " + project + " which does not exist");
		}
		if (spec.path("destination").path("server").asText("").isEmpty()
				&& spec.path("destination").path("name").asText("").isEmpty()) {
			return RuntimeErrors.of(INVALID_ARGUMENT, "application spec for " + name
					+ " is invalid: InvalidSpecError: Destination server missing from app spec");
		}
		if (validate) {
			JsonNode source = spec.path("source");
			Optional<ArgoCdStore.Repository> repository = this.store.repository(source.path("repoURL").asText());
			GitRepositories.Checkout checkout = this.git.checkout(source.path("repoURL").asText(),
					source.path("targetRevision").asText("HEAD"),
					repository.map(ArgoCdStore.Repository::username).orElse(null),
					repository.map(ArgoCdStore.Repository::password).orElse(null));
			if (!checkout.ok()) {
				return RuntimeErrors.of(INVALID_ARGUMENT, "application spec for " + name
						+ " is invalid: InvalidSpecError: repository not accessible: repositories not accessible:"
						+ " &Repository{Repo: \"" + source.path("repoURL").asText() + "\"}: " + checkout.error());
			}
		}
		Optional<ObjectNode> existing = this.store.get(ArgoCdStore.APPLICATIONS, name);
		if (existing.isPresent()) {
			if (existing.get().path("spec").equals(spec)) {
				return Reply.ok(existing.get());
			}
			if (!upsert) {
				return RuntimeErrors.of(INVALID_ARGUMENT,
						"existing application spec is different, use upsert flag to force update");
			}
			ObjectNode updated = existing.get().deepCopy();
			updated.set("spec", spec.deepCopy());
			return Reply.ok(this.store.update(ArgoCdStore.APPLICATIONS, updated));
		}
		ObjectNode object = ArgoCdStore.JSON.createObjectNode();
		ObjectNode metadata = object.putObject("metadata");
		metadata.put("name", name);
		if (body.path("metadata").has("labels")) {
			metadata.set("labels", body.path("metadata").path("labels"));
		}
		if (body.path("metadata").has("finalizers")) {
			metadata.set("finalizers", body.path("metadata").path("finalizers"));
		}
		object.set("spec", spec.deepCopy());
		return Reply.ok(this.store.create(ArgoCdStore.APPLICATIONS, object));
	}

	// projects

	private Reply projects(String method, List<String> segments, JsonNode body) {
		if (segments.size() == 1 && method.equals("POST")) {
			JsonNode project = body.path("project");
			String name = project.path("metadata").path("name").asText("");
			if (name.isEmpty()) {
				return RuntimeErrors.of(INVALID_ARGUMENT, "project name is required");
			}
			Optional<ObjectNode> existing = this.store.get(ArgoCdStore.PROJECTS, name);
			JsonNode spec = project.path("spec").isObject() ? project.path("spec")
					: ArgoCdStore.JSON.createObjectNode();
			if (existing.isPresent()) {
				if (existing.get().path("spec").equals(spec)) {
					return Reply.ok(existing.get());
				}
				if (!body.path("upsert").asBoolean(false)) {
					return RuntimeErrors.of(INVALID_ARGUMENT,
							"existing project spec is different, use upsert flag to force update");
				}
				ObjectNode updated = existing.get().deepCopy();
				updated.set("spec", spec.deepCopy());
				return Reply.ok(this.store.update(ArgoCdStore.PROJECTS, updated));
			}
			ObjectNode object = ArgoCdStore.JSON.createObjectNode();
			object.putObject("metadata").put("name", name);
			object.set("spec", spec.deepCopy());
			return Reply.ok(this.store.create(ArgoCdStore.PROJECTS, object));
		}
		if (segments.size() < 2) {
			ObjectNode list = ArgoCdStore.JSON.createObjectNode();
			list.putObject("metadata");
			ArrayNode items = list.putArray("items");
			this.store.list(ArgoCdStore.PROJECTS).forEach(items::add);
			return Reply.ok(list);
		}
		String name = segments.get(1);
		Optional<ObjectNode> project = this.store.get(ArgoCdStore.PROJECTS, name);
		if (project.isEmpty()) {
			return RuntimeErrors.of(NOT_FOUND, "appprojects.argoproj.io \"" + name + "\" not found");
		}
		if (method.equals("DELETE")) {
			long using = this.store.list(ArgoCdStore.APPLICATIONS)
				.stream()
				.filter(app -> name.equals(app.path("spec").path("project").asText()))
				.count();
			if (using > 0) {
				return RuntimeErrors.of(FAILED_PRECONDITION, "project is referenced by " + using + " applications");
			}
			this.store.delete(ArgoCdStore.PROJECTS, name);
			return Reply.ok("{}");
		}
		return Reply.ok(project.get());
	}

	// repositories

	private Reply repositories(String method, List<String> segments, Map<String, String> query, JsonNode body) {
		if (segments.size() == 1 && method.equals("GET")) {
			ObjectNode list = ArgoCdStore.JSON.createObjectNode();
			list.putObject("metadata");
			ArrayNode items = list.putArray("items");
			this.store.repositories().forEach(r -> items.add(view(r)));
			return Reply.ok(list);
		}
		if (segments.size() == 1 && method.equals("POST")) {
			String url = body.path("repo").asText("");
			if (url.isEmpty()) {
				return RuntimeErrors.of(INVALID_ARGUMENT, "repo is required");
			}
			String username = body.path("username").asText(null);
			String password = body.path("password").asText(null);
			GitRepositories.Checkout checkout = this.git.checkout(url, "HEAD", username, password);
			if (!checkout.ok()) {
				return RuntimeErrors.of(INVALID_ARGUMENT,
						"Unable to create repository: unable to ls-remote HEAD on repository: failed to list refs: "
								+ checkout.error());
			}
			Optional<ArgoCdStore.Repository> existing = this.store.repository(url);
			Map<String, String> data = new LinkedHashMap<>();
			data.put("type", body.path("type").asText("git"));
			data.put("url", url);
			data.put("name", body.path("name").asText(null));
			data.put("username", username);
			data.put("password", password);
			data.put("project", body.path("project").asText(null));
			if (existing.isPresent()) {
				boolean same = java.util.Objects.equals(existing.get().username(), username)
						&& java.util.Objects.equals(existing.get().password(), password)
						&& java.util.Objects.equals(existing.get().name(), data.get("name"));
				if (!same && !"true".equals(query.get("upsert"))) {
					return RuntimeErrors.of(INVALID_ARGUMENT,
							"existing repository spec is different; use upsert flag to force update");
				}
				this.store.saveRepository(existing.get().secret(), data);
			}
			else {
				this.store.saveRepository("repo-" + shortHash(url), data);
			}
			return Reply.ok(view(this.store.repository(url).orElseThrow()));
		}
		String url = URLDecoder.decode(segments.get(1), StandardCharsets.UTF_8);
		Optional<ArgoCdStore.Repository> repository = this.store.repository(url);
		if (repository.isEmpty()) {
			return RuntimeErrors.of(NOT_FOUND, "repo '" + url + "' not found");
		}
		if (method.equals("DELETE")) {
			this.store.deleteRepository(repository.get().secret());
			return Reply.ok("{}");
		}
		ObjectNode view = view(repository.get());
		GitRepositories.Checkout checkout = this.git.checkout(url, "HEAD", repository.get().username(),
				repository.get().password());
		// Argo CD tests a connection with ls-remote: an empty repository (no commit yet)
		// that the credentials may read connects
		boolean connects = checkout.ok() || checkout.error().startsWith("unable to resolve");
		ObjectNode state = view.putObject("connectionState");
		state.put("status", connects ? "Successful" : "Failed");
		state.put("message", connects ? "" : "Unable to connect to repository: " + checkout.error());
		state.put("attemptedAt", Instant.now().toString().replaceFirst("\\.\\d+Z$", "Z"));
		return Reply.ok(view);
	}

	/** A repository as the API shows it: never its password. */
	private static ObjectNode view(ArgoCdStore.Repository repository) {
		ObjectNode view = ArgoCdStore.JSON.createObjectNode();
		view.put("repo", repository.url());
		view.put("type", repository.type());
		if (repository.name() != null) {
			view.put("name", repository.name());
		}
		if (repository.username() != null) {
			view.put("username", repository.username());
		}
		if (repository.project() != null) {
			view.put("project", repository.project());
		}
		view.putObject("connectionState").put("status", "Successful").put("message", "");
		return view;
	}

	private Reply record(String method, String rawPath, Reply reply, String verdict) {
		if (this.journal != null) {
			this.journal.record("argocd", method, rawPath, reply.status(), verdict);
		}
		return reply;
	}

	private static byte[] key(Map<String, String> secret) {
		return secret.getOrDefault("server.secretkey", "").getBytes(StandardCharsets.UTF_8);
	}

	private static List<String> segments(String rawPath) {
		String rest = rawPath.startsWith(PREFIX) ? rawPath.substring(PREFIX.length()) : rawPath;
		List<String> segments = new java.util.ArrayList<>();
		for (String segment : rest.split("/")) {
			segments.add(URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8));
		}
		return segments;
	}

	private static Map<String, String> query(String raw) {
		Map<String, String> query = new LinkedHashMap<>();
		if (raw != null && !raw.isEmpty()) {
			for (String pair : raw.split("&")) {
				int eq = pair.indexOf('=');
				String name = URLDecoder.decode((eq < 0) ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
				query.put(name, (eq < 0) ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
			}
		}
		return query;
	}

	private static String shortHash(String url) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest(ArgoCdStore.normal(url).getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest).substring(0, 10);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
