package org.homelab.rollout.rehearsal.gitlab;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.homelab.rollout.rehearsal.gitlab.ApiRequest.Reply;
import org.homelab.rollout.rehearsal.gitlab.GitlabState.Commit;
import org.homelab.rollout.rehearsal.gitlab.GitlabState.Project;

/**
 * A project's repository through API v4: commits with several file actions at once
 * (create, update, delete; all or nothing, as Gitaly applies them), a file at a ref, the
 * tree. A branch is made by the first commit to an empty repository, or from
 * {@code start_branch}.
 */
final class RepositoryApi {

	private final GitlabState state;

	RepositoryApi(GitlabState state) {
		this.state = state;
	}

	Reply answer(ApiRequest request, Project project) {
		String what = (request.segments().size() > 3) ? request.segment(3) : "";
		if (request.is("POST", 4) && what.equals("commits")) {
			return commit(request, project);
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
		project.branches.put(project.defaultBranch, files);
		project.commits.add(new Commit(GitlabState.commitId(), project.defaultBranch, "Initial commit", Instant.now()));
	}

	private Reply commit(ApiRequest request, Project project) {
		String branch = request.text("branch");
		String message = request.text("commit_message");
		JsonNode actions = request.body().path("actions");
		if (branch == null || message == null || !actions.isArray()) {
			return Reply.message(400, "400 Bad request - branch, commit_message, actions are missing");
		}
		Map<String, String> files = project.branches.get(branch);
		if (files == null) {
			String start = request.text("start_branch");
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
		project.branches.put(branch, files);
		Commit commit = new Commit(GitlabState.commitId(), branch, message, Instant.now());
		project.commits.add(commit);
		return Reply.of(201,
				ApiRequest.object()
					.put("id", commit.id())
					.put("short_id", commit.id().substring(0, 8))
					.put("title", message.lines().findFirst().orElse(""))
					.put("message", message)
					.put("created_at", commit.at().toString())
					.put("author_name", "Administrator"));
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
		String last = lastCommit(project, ref);
		return Reply.of(200,
				ApiRequest.object()
					.put("file_name", path.substring(path.lastIndexOf('/') + 1))
					.put("file_path", path)
					.put("size", bytes.length)
					.put("encoding", "base64")
					.put("content", Base64.getEncoder().encodeToString(bytes))
					.put("ref", ref)
					.put("blob_id", GitlabState.digest(content).substring(0, 40))
					.put("commit_id", last)
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

	private static String lastCommit(Project project, String ref) {
		for (int i = project.commits.size() - 1; i >= 0; i--) {
			if (project.commits.get(i).branch().equals(ref)) {
				return project.commits.get(i).id();
			}
		}
		return null;
	}

}
