package org.homelab.rollout.rehearsal.gitlab;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.homelab.rollout.rehearsal.gitlab.ApiRequest.Reply;
import org.homelab.rollout.rehearsal.gitlab.GitlabState.Commit;
import org.homelab.rollout.rehearsal.gitlab.GitlabState.Project;

/**
 * A project's repository through API v4: commits with several file actions at once
 * (create, update, delete; all or nothing, as Gitaly applies them), commits listed (with
 * their Git trailers when asked) and read, a commit reverted by a new one (refused as
 * GitLab does when a later commit changed the same content, {@code conflict}, or nothing
 * is left to revert, {@code empty}), a file at a ref, the tree. A branch is made by the
 * first commit to an empty repository, or from {@code start_branch}.
 */
final class RepositoryApi {

	private final GitlabState state;

	private final String webUrl;

	RepositoryApi(GitlabState state, String webUrl) {
		this.state = state;
		this.webUrl = webUrl;
	}

	static final String CANNOT_REVERT = "Sorry, we cannot revert this commit automatically. This commit may already"
			+ " have been reverted, or a more recent commit may have updated some of its content.";

	private static final Pattern TRAILER = Pattern.compile("^([A-Za-z0-9-]+):\\s*(.*)$");

	Reply answer(ApiRequest request, Project project) {
		String what = (request.segments().size() > 3) ? request.segment(3) : "";
		if (request.is("POST", 4) && what.equals("commits")) {
			return commit(request, project);
		}
		if (request.is("GET", 4) && what.equals("commits")) {
			return commits(request, project);
		}
		if (request.is("GET", 5) && what.equals("commits")) {
			Commit commit = project.commit(request.segment(4));
			return (commit != null) ? Reply.of(200, json(project, commit, false)) : Reply.notFound("Commit");
		}
		if (request.is("POST", 6) && what.equals("commits") && request.segment(5).equals("revert")) {
			return revert(request, project);
		}
		if (request.is("GET", 5) && what.equals("files")) {
			return file(project, request.segment(4), request.query().get("ref"));
		}
		if (request.is("GET", 4) && what.equals("tree")) {
			return tree(request, project);
		}
		return Reply.notFound("");
	}

	/** A README on the default branch, as {@code initialize_with_readme} makes. */
	void initialize(Project project) {
		Map<String, String> files = new TreeMap<>();
		files.put("README.md", "# " + project.name + "\n");
		record(project, project.defaultBranch, "Initial commit", null, Map.of(), files);
	}

	private Reply commit(ApiRequest request, Project project) {
		String branch = request.text("branch");
		String message = request.text("commit_message");
		JsonNode actions = request.body().path("actions");
		if (branch == null || message == null || !actions.isArray()) {
			return Reply.message(400, "400 Bad request - branch, commit_message, actions are missing");
		}
		Map<String, String> files = project.branches.get(branch);
		String parent = (files != null && project.head(branch) != null) ? project.head(branch).id() : null;
		if (files == null) {
			String start = request.text("start_branch");
			parent = (start != null && project.head(start) != null) ? project.head(start).id() : null;
			if (start != null && !project.branches.containsKey(start)) {
				return Reply.message(400, "Invalid reference name: " + start);
			}
			if (start == null && !project.branches.isEmpty()) {
				return Reply.message(400, "You can only create or edit files when you are on a branch");
			}
			files = new TreeMap<>((start != null) ? project.branches.get(start) : Map.of());
		}
		else {
			files = new TreeMap<>(files);
		}
		for (JsonNode action : actions) {
			String path = action.path("file_path").asText("");
			String content = action.path("content").asText("");
			if ("base64".equals(action.path("encoding").asText())) {
				content = new String(Base64.getDecoder().decode(content), StandardCharsets.UTF_8);
			}
			switch (action.path("action").asText("")) {
				case "create" -> {
					if (files.containsKey(path)) {
						return Reply.message(400, "A file with this name already exists");
					}
					files.put(path, content);
				}
				case "update" -> {
					if (!files.containsKey(path)) {
						return Reply.message(400, "A file with this name doesn't exist");
					}
					files.put(path, content);
				}
				case "delete" -> {
					if (files.remove(path) == null) {
						return Reply.message(400, "A file with this name doesn't exist");
					}
				}
				default -> {
					return Reply.message(400, "400 Bad request - actions[action] does not have a valid value");
				}
			}
		}
		Map<String, String> previous = project.branches.getOrDefault(branch,
				(request.text("start_branch") != null) ? project.branches.get(request.text("start_branch")) : Map.of());
		Commit commit = record(project, branch, message, parent, previous, files);
		return Reply.of(201, json(project, commit, false));
	}

	/**
	 * A commit of {@code branch} from {@code previous} to {@code files}, now its head.
	 */
	private static Commit record(Project project, String branch, String message, String parent,
			Map<String, String> previous, Map<String, String> files) {
		Map<String, String> before = new TreeMap<>();
		Map<String, String> after = new TreeMap<>();
		TreeSet<String> paths = new TreeSet<>(previous.keySet());
		paths.addAll(files.keySet());
		for (String path : paths) {
			if (!Objects.equals(previous.get(path), files.get(path))) {
				before.put(path, previous.get(path));
				after.put(path, files.get(path));
			}
		}
		project.branches.put(branch, files);
		// Git's own time resolution, so the object id and the answers agree
		Instant at = Instant.ofEpochSecond(Instant.now().getEpochSecond());
		Map<String, String> tree = Collections.unmodifiableMap(new TreeMap<>(files));
		Commit commit = new Commit(GitObjects.commitId(tree, parent, message, at), branch, message, at, parent,
				Collections.unmodifiableMap(before), Collections.unmodifiableMap(after), tree);
		project.commits.add(commit);
		return commit;
	}

	/**
	 * GitLab's revert: the inverse of the commit's changes on the branch's content, as a
	 * new commit with GitLab's message; a file changed since (neither as the commit left
	 * it nor as it found it) is a conflict, nothing to change is "empty".
	 */
	private Reply revert(ApiRequest request, Project project) {
		String branch = request.text("branch");
		Commit reverted = project.commit(request.segment(4));
		if (reverted == null) {
			return Reply.notFound("Commit");
		}
		Map<String, String> current = project.branches.get(branch);
		if (current == null) {
			return Reply.notFound("Branch");
		}
		Map<String, String> files = new TreeMap<>(current);
		boolean changes = false;
		for (Map.Entry<String, String> change : reverted.after().entrySet()) {
			String now = current.get(change.getKey());
			String before = reverted.before().get(change.getKey());
			if (Objects.equals(now, before)) {
				continue;
			}
			if (!Objects.equals(now, change.getValue())) {
				return Reply.of(400, ApiRequest.object().put("message", CANNOT_REVERT).put("error_code", "conflict"));
			}
			changes = true;
			if (before == null) {
				files.remove(change.getKey());
			}
			else {
				files.put(change.getKey(), before);
			}
		}
		if (!changes) {
			return Reply.of(400, ApiRequest.object().put("message", CANNOT_REVERT).put("error_code", "empty"));
		}
		if (request.body().path("dry_run").asBoolean(false)) {
			return Reply.of(200, ApiRequest.object().put("dry_run", "success"));
		}
		String message = "Revert \"" + reverted.title().strip() + "\"\n\nThis reverts commit " + reverted.id();
		Commit commit = record(project, branch, message, project.head(branch).id(), current, files);
		return Reply.of(201, json(project, commit, false));
	}

	/**
	 * The commits reachable from {@code ref_name} (default branch by default), newest
	 * first, those touching {@code path} (a file or a directory) if given, a page of
	 * {@code per_page} (20, at most 100); an unknown ref has none.
	 */
	private Reply commits(ApiRequest request, Project project) {
		String ref = request.query().getOrDefault("ref_name", project.defaultBranch);
		String path = request.query().get("path");
		boolean trailers = "true".equals(request.query().get("trailers"));
		int perPage = Math.min(100, Math.max(1, Integer.parseInt(request.query().getOrDefault("per_page", "20"))));
		int page = Math.max(1, Integer.parseInt(request.query().getOrDefault("page", "1")));
		List<Commit> history = project.history(ref)
			.stream()
			.filter(c -> path == null || c.after().keySet().stream().anyMatch(p -> touches(p, path)))
			.toList();
		ArrayNode commits = ApiRequest.JSON.createArrayNode();
		history.stream()
			.skip((long) (page - 1) * perPage)
			.limit(perPage)
			.forEach(c -> commits.add(json(project, c, trailers)));
		return Reply.of(200, commits);
	}

	private static boolean touches(String file, String path) {
		String dir = path.replaceFirst("/$", "");
		return file.equals(dir) || file.startsWith(dir + "/");
	}

	private ObjectNode json(Project project, Commit commit, boolean trailers) {
		String at = commit.at().toString();
		ObjectNode body = ApiRequest.object()
			.put("id", commit.id())
			.put("short_id", commit.id().substring(0, 8))
			.put("created_at", at)
			.put("title", commit.title())
			.put("message", commit.message())
			.put("author_name", "Administrator")
			.put("author_email", "admin@example.com")
			.put("authored_date", at)
			.put("committer_name", "Administrator")
			.put("committer_email", "admin@example.com")
			.put("committed_date", at)
			.put("web_url", this.webUrl + "/" + project.fullPath() + "/-/commit/" + commit.id());
		ArrayNode parents = body.putArray("parent_ids");
		if (commit.parentId() != null) {
			parents.add(commit.parentId());
		}
		ObjectNode parsed = body.putObject("trailers");
		if (trailers) {
			trailers(commit.message()).forEach(parsed::put);
		}
		return body;
	}

	/**
	 * Git's trailers: {@code Key: value} lines of the last paragraph, after the title.
	 */
	static Map<String, String> trailers(String message) {
		Map<String, String> found = new TreeMap<>();
		String[] paragraphs = message.strip().split("\n\\s*\n");
		if (paragraphs.length < 2) {
			return found;
		}
		for (String line : paragraphs[paragraphs.length - 1].split("\n")) {
			Matcher matcher = TRAILER.matcher(line.strip());
			if (!matcher.matches()) {
				return new TreeMap<>();
			}
			found.put(matcher.group(1), matcher.group(2));
		}
		return found;
	}

	private Reply file(Project project, String path, String ref) {
		Map<String, String> files = project.branches.get((ref != null) ? ref : project.defaultBranch);
		if (files == null) {
			return Reply.notFound("Commit");
		}
		String content = files.get(path);
		if (content == null) {
			return Reply.notFound("File");
		}
		byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
		String head = project.head((ref != null) ? ref : project.defaultBranch).id();
		String last = project.history((ref != null) ? ref : project.defaultBranch)
			.stream()
			.filter(c -> c.after().containsKey(path))
			.map(Commit::id)
			.findFirst()
			.orElse(head);
		return Reply.of(200,
				ApiRequest.object()
					.put("file_name", path.substring(path.lastIndexOf('/') + 1))
					.put("file_path", path)
					.put("size", bytes.length)
					.put("encoding", "base64")
					.put("content", Base64.getEncoder().encodeToString(bytes))
					.put("ref", ref)
					.put("blob_id", GitlabState.digest(content).substring(0, 40))
					.put("commit_id", head)
					.put("last_commit_id", last));
	}

	private Reply tree(ApiRequest request, Project project) {
		String ref = request.query().getOrDefault("ref", project.defaultBranch);
		Map<String, String> files = project.branches.get(ref);
		if (files == null) {
			return Reply.notFound("Tree");
		}
		String dir = request.query().getOrDefault("path", "").replaceFirst("/$", "");
		String prefix = dir.isEmpty() ? "" : dir + "/";
		boolean recursive = "true".equals(request.query().get("recursive"));
		TreeSet<String> trees = new TreeSet<>();
		ArrayNode entries = ApiRequest.JSON.createArrayNode();
		for (Map.Entry<String, String> file : files.entrySet()) {
			if (!file.getKey().startsWith(prefix)) {
				continue;
			}
			String rest = file.getKey().substring(prefix.length());
			String[] parts = rest.split("/");
			for (int depth = 1; depth < parts.length && (recursive || depth == 1); depth++) {
				trees.add(prefix + String.join("/", java.util.Arrays.copyOf(parts, depth)));
			}
			if (recursive || parts.length == 1) {
				entries.add(entry(file.getKey(), "blob", "100644", GitlabState.digest(file.getValue())));
			}
		}
		trees.forEach(tree -> entries.add(entry(tree, "tree", "040000", GitlabState.digest(tree))));
		return Reply.of(200, entries);
	}

	private static ObjectNode entry(String path, String type, String mode, String digest) {
		return ApiRequest.object()
			.put("id", digest.substring(0, 40))
			.put("name", path.substring(path.lastIndexOf('/') + 1))
			.put("type", type)
			.put("path", path)
			.put("mode", mode);
	}

}
