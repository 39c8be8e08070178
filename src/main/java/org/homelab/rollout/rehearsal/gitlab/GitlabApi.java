package org.homelab.rollout.rehearsal.gitlab;

import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.homelab.rollout.rehearsal.gitlab.ApiRequest.Reply;
import org.homelab.rollout.rehearsal.gitlab.GitlabState.Group;
import org.homelab.rollout.rehearsal.gitlab.GitlabState.Project;

/**
 * The API v4 routes of the lab's GitLab: version, groups, projects, runners, deploy
 * tokens, answered as GitLab does (IDs or URL-encoded full paths, {@code {"message": …}}
 * errors). The caller holds the state's lock.
 */
final class GitlabApi {

	static final String VERSION = "17.10.1";

	private final GitlabState state;

	private final String webUrl;

	private final RepositoryApi repository;

	private final Pipelines pipelines;

	private final RegistryApi registry;

	GitlabApi(GitlabState state, String webUrl) {
		this(state, webUrl, null);
	}

	GitlabApi(GitlabState state, String webUrl, Pipelines pipelines) {
		this.state = state;
		this.webUrl = webUrl.replaceFirst("/$", "");
		this.repository = new RepositoryApi(state, this.webUrl);
		this.pipelines = pipelines;
		this.registry = new RegistryApi(state, (pipelines != null) ? pipelines.registry() : null);
	}

	Reply answer(ApiRequest request) {
		List<String> s = request.segments();
		String first = s.isEmpty() ? "" : s.get(0);
		return switch (first) {
			case "version" -> Reply.of(200, ApiRequest.object().put("version", VERSION).put("revision", "6d2b3ac1"));
			case "personal_access_tokens" -> Tokens.answer(this.state, request);
			case "groups" -> groups(request);
			case "projects" -> projects(request);
			case "user" -> (request.is("POST", 2) && "runners".equals(s.get(1)))
					? Runners.create(this.state, this, request) : Reply.notFound("");
			case "runners" -> Runners.answer(this.state, request);
			default -> Reply.notFound("");
		};
	}

	private Reply groups(ApiRequest request) {
		List<String> s = request.segments();
		if (request.is("GET", 1)) {
			String search = request.query().getOrDefault("search", "").toLowerCase(Locale.ROOT);
			ArrayNode found = ApiRequest.JSON.createArrayNode();
			this.state.groups.values()
				.stream()
				.filter(g -> g.name.toLowerCase(Locale.ROOT).contains(search)
						|| g.path.toLowerCase(Locale.ROOT).contains(search))
				.forEach(g -> found.add(group(g)));
			return Reply.of(200, found);
		}
		if (request.is("POST", 1)) {
			String name = request.text("name");
			String path = request.text("path");
			if (name == null || path == null) {
				return Reply.message(400, "400 Bad request - " + ((name == null) ? "name" : "path") + " is missing");
			}
			if (this.state.groups.values().stream().anyMatch(g -> g.path.equalsIgnoreCase(path))) {
				return Reply.message(400, "Failed to save group {:path=>[\"has already been taken\"]}");
			}
			Group group = new Group(this.state.namespaceId(), name, path, request.text("description"),
					(request.text("visibility") != null) ? request.text("visibility") : "private");
			this.state.groups.put(group.id, group);
			return Reply.of(201, group(group));
		}
		Group group = (s.size() >= 2) ? findGroup(s.get(1)) : null;
		if (group == null) {
			return Reply.notFound("Group");
		}
		if (request.is("GET", 2)) {
			return Reply.of(200, group(group));
		}
		if (request.is("DELETE", 2)) {
			this.state.projects.values().removeIf(p -> p.namespace == group);
			this.state.groups.remove(group.id);
			return Reply.message(202, "202 Accepted");
		}
		if (request.is("GET", 3) && "projects".equals(s.get(2))) {
			ArrayNode projects = ApiRequest.JSON.createArrayNode();
			this.state.projects.values()
				.stream()
				.filter(p -> p.namespace == group)
				.forEach(p -> projects.add(project(p)));
			return Reply.of(200, projects);
		}
		return Reply.notFound("");
	}

	private Reply projects(ApiRequest request) {
		List<String> s = request.segments();
		if (request.is("POST", 1)) {
			return createProject(request);
		}
		Project project = (s.size() >= 2) ? findProject(s.get(1)) : null;
		if (project == null) {
			return Reply.notFound("Project");
		}
		if (request.is("GET", 2)) {
			return Reply.of(200, project(project));
		}
		if (request.is("DELETE", 2)) {
			this.state.projects.remove(project.id);
			return Reply.message(202, "202 Accepted");
		}
		if (s.size() >= 3 && "repository".equals(s.get(2))) {
			Reply reply = this.repository.answer(request, project);
			String branch = (request.method().equals("POST") && reply.status() == 201) ? request.text("branch") : null;
			if (this.pipelines != null && branch != null) {
				// a commit (or a revert) pushed to the branch, as GitLab starts CI on a
				// push
				this.pipelines.pushed(project, branch);
			}
			return reply;
		}
		if (s.size() >= 3 && "deploy_tokens".equals(s.get(2))) {
			return DeployTokens.answer(this.state, request, project);
		}
		if (s.size() >= 3 && this.pipelines != null && List.of("pipeline", "pipelines").contains(s.get(2))) {
			return this.pipelines.answer(request, project);
		}
		if (s.size() >= 3 && "registry".equals(s.get(2))) {
			return this.registry.answer(request, project);
		}
		return Reply.notFound("");
	}

	private Reply createProject(ApiRequest request) {
		String name = request.text("name");
		String path = (request.text("path") != null) ? request.text("path") : name;
		if (path == null) {
			return Reply.message(400,
					"400 Bad request - name, path are missing, at least one parameter must be provided");
		}
		String namespaceId = request.text("namespace_id");
		Group namespace = (namespaceId != null) ? findGroup(namespaceId) : null;
		if (namespace == null) {
			// the lab has no personal namespaces: a project lives in a group
			return Reply.notFound("Namespace");
		}
		String projectName = (name != null) ? name : path;
		for (Project existing : this.state.projects.values()) {
			if (existing.namespace == namespace && existing.path.equalsIgnoreCase(path)) {
				return Reply.taken("path");
			}
			if (existing.namespace == namespace && existing.name.equalsIgnoreCase(projectName)) {
				return Reply.taken("name");
			}
		}
		String branch = (request.text("default_branch") != null) ? request.text("default_branch") : "main";
		Project project = new Project(this.state.projectId(), projectName, path, namespace, branch,
				(request.text("visibility") != null) ? request.text("visibility") : "private");
		this.state.projects.put(project.id, project);
		if (request.body().path("initialize_with_readme").asBoolean(false)) {
			this.repository.initialize(project);
		}
		return Reply.of(201, project(project));
	}

	Group findGroup(String idOrPath) {
		if (idOrPath.matches("\\d+")) {
			return this.state.groups.get(Integer.parseInt(idOrPath));
		}
		return this.state.groups.values()
			.stream()
			.filter(g -> g.path.equalsIgnoreCase(idOrPath))
			.findFirst()
			.orElse(null);
	}

	Project findProject(String idOrPath) {
		if (idOrPath.matches("\\d+")) {
			return this.state.projects.get(Integer.parseInt(idOrPath));
		}
		return this.state.projects.values()
			.stream()
			.filter(p -> p.fullPath().equalsIgnoreCase(idOrPath))
			.findFirst()
			.orElse(null);
	}

	private ObjectNode group(Group group) {
		return ApiRequest.object()
			.put("id", group.id)
			.put("name", group.name)
			.put("path", group.path)
			.put("full_name", group.name)
			.put("full_path", group.path)
			.put("description", (group.description != null) ? group.description : "")
			.put("visibility", group.visibility)
			.put("web_url", this.webUrl + "/groups/" + group.path)
			.putNull("parent_id");
	}

	private ObjectNode project(Project project) {
		ObjectNode body = ApiRequest.object()
			.put("id", project.id)
			.put("name", project.name)
			.put("path", project.path)
			.put("path_with_namespace", project.fullPath())
			.put("visibility", project.visibility)
			.put("empty_repo", project.branches.isEmpty())
			.put("web_url", this.webUrl + "/" + project.fullPath())
			.put("http_url_to_repo", this.webUrl + "/" + project.fullPath() + ".git");
		body.put("default_branch", project.branches.isEmpty() ? null : project.defaultBranch);
		body.putObject("namespace")
			.put("id", project.namespace.id)
			.put("name", project.namespace.name)
			.put("path", project.namespace.path)
			.put("kind", "group")
			.put("full_path", project.namespace.path);
		return body;
	}

}
