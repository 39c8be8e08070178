package org.homelab.rollout.rehearsal.gitlab;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.Latency;
import org.homelab.rollout.rehearsal.gitlab.ApiRequest.Reply;
import org.homelab.rollout.rehearsal.gitlab.CiState.Job;
import org.homelab.rollout.rehearsal.gitlab.CiState.Pipeline;
import org.homelab.rollout.rehearsal.gitlab.GitlabState.Project;
import org.homelab.rollout.rehearsal.gitlab.GitlabState.Runner;

/**
 * CI/CD as GitLab runs it: {@code POST /projects/:id/pipeline}, and every commit to a
 * branch that has one ({@link #pushed}), reads {@code .gitlab-ci.yml} at the ref and
 * makes a job per entry; {@code GET pipelines/latest} answers the newest commit's; the
 * jobs of a stage become {@code pending} once every earlier stage succeeded (skipped when
 * one failed), and a pending job waits for an online runner whose tags cover the job's
 * (an untagged job for a runner without tags); without one it stays pending, as on
 * GitLab. A runner is online while {@link GitlabState#runnerNodes} holds it (the node its
 * ready pod runs on); its job runs there for the lab's {@code gitlab.job} time
 * ({@code gitlab.image-build} more for an image build), through {@link CiScript}; a job
 * that asks for a GPU fails on a node without one, and one whose image is from this
 * registry but not there cannot start. The status of a pipeline follows its jobs:
 * created, pending, running, success or failed. Nothing runs in the background: each look
 * moves the clock-driven state on. The caller holds the state's lock.
 */
final class Pipelines {

	private final GitlabState state;

	private final String webUrl;

	private final String registry;

	private final Latency latency;

	private final Predicate<String> gpuNode;

	private final FaultInjector faults;

	/**
	 * @param registry the registry's host (from {@code registry_external_url}), null when
	 * GitLab has no registry
	 * @param gpuNode whether a node has {@code nvidia.com/gpu}
	 */
	Pipelines(GitlabState state, String webUrl, String registry, Latency latency, Predicate<String> gpuNode) {
		this(state, webUrl, registry, latency, gpuNode, FaultInjector.none());
	}

	/**
	 * @param faults {@code gitlab:job:TASK_ERROR}: the next job's pod fails (a system
	 * failure)
	 */
	Pipelines(GitlabState state, String webUrl, String registry, Latency latency, Predicate<String> gpuNode,
			FaultInjector faults) {
		this.state = state;
		this.webUrl = webUrl;
		this.registry = registry;
		this.latency = latency;
		this.gpuNode = gpuNode;
		this.faults = faults;
	}

	/** The registry's host, null when GitLab has none. */
	String registry() {
		return this.registry;
	}

	/** The registry's host of a {@code registry_external_url}, null without one. */
	static String registryHost(String registryExternalUrl) {
		if (registryExternalUrl == null) {
			return null;
		}
		URI url = URI.create(registryExternalUrl);
		return (url.getPort() > 0) ? url.getHost() + ":" + url.getPort() : url.getHost();
	}

	Reply answer(ApiRequest request, Project project) {
		List<String> s = request.segments();
		if (request.is("POST", 3) && s.get(2).equals("pipeline")) {
			return create(request, project);
		}
		if (request.is("GET", 4) && s.get(2).equals("pipelines") && s.get(3).equals("latest")) {
			return latest(request, project);
		}
		if (s.size() >= 4 && s.get(2).equals("pipelines") && s.get(3).matches("\\d+")) {
			Pipeline pipeline = this.state.ci.pipelines.get(Integer.parseInt(s.get(3)));
			if (pipeline == null || pipeline.projectId != project.id) {
				return Reply.notFound("");
			}
			advance(pipeline);
			if (request.is("GET", 4)) {
				return Reply.of(200, pipeline(pipeline, project).put("name", (String) null));
			}
			if (request.is("GET", 5) && s.get(4).equals("jobs")) {
				String scope = request.query().get("scope");
				ArrayNode jobs = ApiRequest.JSON.createArrayNode();
				pipeline.jobs.stream()
					.filter(j -> scope == null || scope.equals(j.status))
					.sorted(Comparator.comparingInt((Job j) -> j.id).reversed())
					.forEach(j -> jobs.add(job(j, project)));
				return Reply.of(200, jobs);
			}
		}
		return Reply.notFound("");
	}

	private Reply create(ApiRequest request, Project project) {
		String ref = request.text("ref");
		if (ref == null) {
			return Reply.message(400, "400 Bad request - ref is missing");
		}
		Map<String, String> files = project.branches.get(ref);
		if (files == null) {
			return base("Reference not found");
		}
		String yaml = files.get(CiConfig.FILE);
		if (yaml == null) {
			return base("Missing CI config file");
		}
		CiConfig config;
		try {
			config = CiConfig.parse(yaml);
		}
		catch (CiConfig.Invalid ex) {
			return base(ex.getMessage());
		}
		return Reply.of(201, pipeline(start(project, ref, config, "api"), project));
	}

	/**
	 * A commit reached {@code branch}: GitLab starts a pipeline for it when the branch
	 * has a {@code .gitlab-ci.yml} now (source {@code push}). A configuration GitLab
	 * cannot run starts none here (GitLab would show a failed pipeline with its errors).
	 */
	void pushed(Project project, String branch) {
		String yaml = project.branches.getOrDefault(branch, Map.of()).get(CiConfig.FILE);
		if (yaml == null) {
			return;
		}
		try {
			start(project, branch, CiConfig.parse(yaml), "push");
		}
		catch (CiConfig.Invalid ex) {
			// no pipeline to show; a POST /pipeline says why
		}
	}

	private Pipeline start(Project project, String ref, CiConfig config, String source) {
		String sha = head(project, ref).orElse(GitlabState.commitId());
		Instant now = Instant.now();
		Pipeline pipeline = new Pipeline(this.state.ci.pipelineId(), this.state.ci.iid(project.id), project.id, ref,
				sha, now, config.usedStages());
		pipeline.source = source;
		for (CiConfig.Job spec : config.jobs()) {
			pipeline.jobs.add(new Job(this.state.ci.jobId(), pipeline, spec, now));
		}
		this.state.ci.pipelines.put(pipeline.id, pipeline);
		return pipeline;
	}

	private static Optional<String> head(Project project, String ref) {
		return project.commits.stream()
			.filter(c -> c.branch().equals(ref))
			.reduce((a, b) -> b)
			.map(GitlabState.Commit::id);
	}

	/**
	 * GitLab's {@code pipelines/latest}: the newest pipeline of the ref's newest commit
	 * (the default branch's when no ref is given); 404 when that commit has none.
	 */
	private Reply latest(ApiRequest request, Project project) {
		String ref = request.query().getOrDefault("ref", project.defaultBranch);
		Optional<String> sha = head(project, ref);
		Optional<Pipeline> newest = this.state.ci.pipelines.values()
			.stream()
			.filter(p -> p.projectId == project.id && p.ref.equals(ref) && sha.isPresent() && p.sha.equals(sha.get()))
			.max(Comparator.comparingInt((Pipeline p) -> p.id));
		if (newest.isEmpty()) {
			return Reply.notFound("");
		}
		advance(newest.get());
		return Reply.of(200, pipeline(newest.get(), project).put("name", (String) null));
	}

	/** Moves the pipeline's jobs on to now: stages open, runners take jobs, jobs end. */
	void advance(Pipeline pipeline) {
		Instant now = Instant.now();
		boolean changed = true;
		while (changed) {
			changed = false;
			for (int i = 0; i < pipeline.stages.size(); i++) {
				String stage = pipeline.stages.get(i);
				List<Job> earlier = pipeline.jobs.stream()
					.filter(j -> pipeline.stages.indexOf(j.spec.stage()) < pipeline.stages.indexOf(stage))
					.toList();
				if (!earlier.stream().allMatch(Job::done)) {
					break;
				}
				boolean failedBefore = earlier.stream().anyMatch(j -> j.status.equals("failed"));
				Instant opened = earlier.stream()
					.map(j -> j.finishedAt)
					.filter(java.util.Objects::nonNull)
					.max(Comparator.naturalOrder())
					.orElse(pipeline.createdAt);
				for (Job job : pipeline.jobs) {
					if (job.spec.stage().equals(stage) && job.status.equals("created")) {
						job.status = failedBefore ? "skipped" : "pending";
						job.pendingAt = opened;
						changed = true;
					}
				}
			}
			for (Job job : pipeline.jobs) {
				if (job.status.equals("pending")) {
					changed |= start(job, pipeline, now);
				}
				if (job.status.equals("running") && !job.startedAt.plus(job.outcome.duration()).isAfter(now)) {
					finish(job);
					changed = true;
				}
			}
		}
		pipeline.lastLook = now;
	}

	/**
	 * An online runner takes the job: at its pending time, or at the last look if later.
	 */
	private boolean start(Job job, Pipeline pipeline, Instant now) {
		Optional<Runner> runner = runnerFor(job);
		if (runner.isEmpty()) {
			return false;
		}
		Instant at = job.pendingAt.isAfter(pipeline.lastLook) ? job.pendingAt : pipeline.lastLook;
		if (at.isAfter(now)) {
			return false;
		}
		Project project = this.state.projects.get(pipeline.projectId);
		String node = this.state.runnerNodes.get(runner.get().id());
		job.runner = runner.get();
		job.node = node;
		job.startedAt = at;
		job.status = "running";
		Map<String, String> files = (project != null) ? project.branches.getOrDefault(pipeline.ref, Map.of())
				: Map.of();
		String path = (project != null) ? project.fullPath() : "";
		Map<String, String> env = environment(job, path);
		String missing = missingImage(job, env);
		if (this.faults.next("gitlab", "job").isPresent()) {
			job.outcome = new CiScript.Outcome(false, "runner_system_failure",
					"ERROR: Job failed (system failure): pod runner-" + job.runner.id() + "-project-"
							+ pipeline.projectId + "-concurrent-0 on node " + node + " was evicted\n",
					this.latency.of("gitlab.job"), List.of());
			return true;
		}
		job.outcome = (missing != null) ? new CiScript.Outcome(false, "runner_system_failure",
				"Preparing the \"kubernetes\" executor\nERROR: Job failed (system failure): prepare environment:"
						+ " image pull failed: " + missing + ": manifest unknown\n",
				this.latency.of("gitlab.job"), List.of())
				: CiScript.run(job.spec, env, node, this.gpuNode.test(node), files, this.registry, path, this.latency);
		return true;
	}

	/**
	 * The job's image when it is one of this GitLab's registry that is not there (the
	 * build pod cannot start), else null.
	 */
	private String missingImage(Job job, Map<String, String> env) {
		if (this.registry == null || job.spec.image() == null) {
			return null;
		}
		String image = CiScript.expand(job.spec.image(), env);
		if (!image.startsWith(this.registry + "/")) {
			return null;
		}
		String reference = image.substring(this.registry.length() + 1);
		int colon = reference.lastIndexOf(':');
		String repository = (colon > 0) ? reference.substring(0, colon) : reference;
		String tag = (colon > 0) ? reference.substring(colon + 1) : "latest";
		CiState.Repository found = this.state.ci.repositories.get(repository);
		return (found != null && found.tags.containsKey(tag)) ? null : image;
	}

	private void finish(Job job) {
		job.finishedAt = job.startedAt.plus(job.outcome.duration());
		job.status = job.outcome.success() ? "success" : "failed";
		if (job.outcome.success()) {
			for (CiScript.Push push : job.outcome.pushes()) {
				CiState.Repository repository = this.state.ci.repositories.computeIfAbsent(push.repository(),
						path -> new CiState.Repository(this.state.ci.repositoryId(), job.pipeline.projectId, path,
								job.finishedAt));
				repository.tags.put(push.tag(), new CiState.Tag(push.tag(), push.digest(), push.manifest(),
						push.configDigest(), push.size(), job.finishedAt));
			}
		}
	}

	/** The online runner with the lowest ID whose tags cover the job's. */
	private Optional<Runner> runnerFor(Job job) {
		return this.state.runners.values()
			.stream()
			.filter(r -> this.state.runnerNodes.containsKey(r.id()))
			.filter(r -> job.spec.tags().isEmpty() ? r.tags().isEmpty() : r.tags().containsAll(job.spec.tags()))
			.min(Comparator.comparingInt(Runner::id));
	}

	private Map<String, String> environment(Job job, String projectPath) {
		Map<String, String> env = new LinkedHashMap<>();
		Pipeline pipeline = job.pipeline;
		env.put("CI", "true");
		env.put("GITLAB_CI", "true");
		env.put("CI_SERVER_URL", this.webUrl);
		env.put("CI_PROJECT_PATH", projectPath);
		env.put("CI_PROJECT_DIR", "/builds/" + projectPath);
		env.put("CI_COMMIT_SHA", pipeline.sha);
		env.put("CI_COMMIT_SHORT_SHA", pipeline.sha.substring(0, 8));
		env.put("CI_COMMIT_REF_NAME", pipeline.ref);
		env.put("CI_PIPELINE_ID", Integer.toString(pipeline.id));
		env.put("CI_JOB_ID", Integer.toString(job.id));
		env.put("CI_JOB_NAME", job.spec.name());
		env.put("CI_JOB_STAGE", job.spec.stage());
		if (job.runner != null) {
			env.put("CI_RUNNER_ID", Integer.toString(job.runner.id()));
			env.put("CI_RUNNER_DESCRIPTION", (job.runner.description() != null) ? job.runner.description() : "");
			env.put("CI_RUNNER_TAGS", String.join(", ", job.runner.tags()));
		}
		if (this.registry != null) {
			env.put("CI_REGISTRY", this.registry);
			env.put("CI_REGISTRY_IMAGE", this.registry + "/" + projectPath.toLowerCase(java.util.Locale.ROOT));
			env.put("CI_REGISTRY_USER", "gitlab-ci-token");
		}
		return env;
	}

	/** The pipeline's status from its jobs, as GitLab composes it. */
	static String status(Pipeline pipeline) {
		List<String> statuses = pipeline.jobs.stream().map(j -> j.status).toList();
		if (statuses.stream().allMatch("created"::equals)) {
			return "created";
		}
		if (statuses.contains("running")) {
			return "running";
		}
		boolean allDone = pipeline.jobs.stream().allMatch(Job::done);
		if (allDone) {
			return statuses.contains("failed") ? "failed" : "success";
		}
		boolean someDone = statuses.stream().anyMatch(s -> s.equals("success") || s.equals("failed"));
		return someDone ? "running" : "pending";
	}

	private ObjectNode pipeline(Pipeline pipeline, Project project) {
		String status = status(pipeline);
		Instant started = pipeline.jobs.stream()
			.map(j -> j.startedAt)
			.filter(java.util.Objects::nonNull)
			.min(Comparator.naturalOrder())
			.orElse(null);
		Instant finished = List.of("success", "failed").contains(status) ? pipeline.jobs.stream()
			.map(j -> (j.finishedAt != null) ? j.finishedAt : j.pendingAt)
			.filter(java.util.Objects::nonNull)
			.max(Comparator.naturalOrder())
			.orElse(null) : null;
		ObjectNode body = ApiRequest.object()
			.put("id", pipeline.id)
			.put("iid", pipeline.iid)
			.put("project_id", pipeline.projectId)
			.put("sha", pipeline.sha)
			.put("ref", pipeline.ref)
			.put("status", status)
			.put("source", pipeline.source)
			.put("created_at", pipeline.createdAt.toString())
			.put("updated_at", Instant.now().toString())
			.put("web_url", this.webUrl + "/" + project.fullPath() + "/-/pipelines/" + pipeline.id)
			.put("before_sha", "0000000000000000000000000000000000000000")
			.put("tag", false)
			.putNull("yaml_errors");
		body.put("started_at", (started != null) ? started.toString() : null);
		body.put("finished_at", (finished != null) ? finished.toString() : null);
		if (started != null && finished != null) {
			body.put("duration", (int) java.time.Duration.between(started, finished).toSeconds());
		}
		else {
			body.putNull("duration");
		}
		body.putObject("user").put("id", GitlabState.ROOT_USER_ID).put("username", "root").put("name", "Administrator");
		body.putObject("detailed_status").put("text", status).put("label", status).put("group", status);
		return body;
	}

	private ObjectNode job(Job job, Project project) {
		ObjectNode body = ApiRequest.object()
			.put("id", job.id)
			.put("status", job.status)
			.put("stage", job.spec.stage())
			.put("name", job.spec.name())
			.put("ref", job.pipeline.ref)
			.put("tag", false)
			.put("allow_failure", false)
			.put("created_at", job.createdAt.toString())
			.put("web_url", this.webUrl + "/" + project.fullPath() + "/-/jobs/" + job.id);
		body.put("started_at", (job.startedAt != null) ? job.startedAt.toString() : null);
		body.put("finished_at", (job.finishedAt != null) ? job.finishedAt.toString() : null);
		if (job.duration() != null) {
			body.put("duration", job.duration().toMillis() / 1000.0);
		}
		else {
			body.putNull("duration");
		}
		if (job.status.equals("failed")) {
			body.put("failure_reason", job.outcome.failureReason());
		}
		ArrayNode tags = body.putArray("tag_list");
		job.spec.tags().forEach(tags::add);
		body.putObject("pipeline")
			.put("id", job.pipeline.id)
			.put("project_id", job.pipeline.projectId)
			.put("ref", job.pipeline.ref)
			.put("sha", job.pipeline.sha)
			.put("status", status(job.pipeline));
		if (job.runner != null) {
			body.putObject("runner")
				.put("id", job.runner.id())
				.put("description", job.runner.description())
				.put("runner_type", job.runner.type())
				.put("active", true)
				.put("paused", false)
				.put("is_shared", job.runner.type().equals("instance_type"))
				.put("online", this.state.runnerNodes.containsKey(job.runner.id()))
				.put("status", this.state.runnerNodes.containsKey(job.runner.id()) ? "online" : "offline");
		}
		else {
			body.putNull("runner");
		}
		body.putArray("artifacts");
		return body;
	}

	/**
	 * GitLab's answer to a pipeline it cannot create: {@code {"message": {"base": […]}}}.
	 */
	private static Reply base(String error) {
		ObjectNode message = ApiRequest.object();
		message.putArray("base").add(error);
		return Reply.of(400, ApiRequest.object().set("message", message));
	}

	/** What tests may see of the jobs: runner and node included. */
	static List<GitlabLab.JobView> views(GitlabState state, Pipelines pipelines, String project) {
		List<GitlabLab.JobView> views = new ArrayList<>();
		for (Pipeline pipeline : state.ci.pipelines.values()) {
			Project owner = state.projects.get(pipeline.projectId);
			if (owner == null || !owner.fullPath().equals(project)) {
				continue;
			}
			if (pipelines != null) {
				pipelines.advance(pipeline);
			}
			for (Job job : pipeline.jobs) {
				views.add(new GitlabLab.JobView(pipeline.id, job.id, job.spec.name(), job.spec.tags(), job.status,
						(job.runner != null) ? job.runner.id() : null, job.node,
						(job.outcome != null) ? job.outcome.trace() : ""));
			}
		}
		return views;
	}

}
