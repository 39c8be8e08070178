package org.homelab.rollout.rehearsal.gitlab;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What GitLab keeps of CI/CD and its container registry: pipelines with their jobs, the
 * registry's repositories with their tags, and the registry tokens {@code /jwt/auth}
 * issued (as digests, with what they allow and until when). Part of {@link GitlabState};
 * callers hold its lock.
 */
final class CiState {

	static final class Pipeline {

		final int id;

		final int iid;

		final int projectId;

		final String ref;

		final String sha;

		final Instant createdAt;

		final List<String> stages;

		final List<Job> jobs = new ArrayList<>();

		/** What started it: {@code api} (POST /pipeline) or {@code push} (a commit). */
		String source = "api";

		/**
		 * When the lab last looked at it: a runner online now took a pending job then.
		 */
		Instant lastLook;

		Pipeline(int id, int iid, int projectId, String ref, String sha, Instant createdAt, List<String> stages) {
			this.id = id;
			this.iid = iid;
			this.projectId = projectId;
			this.ref = ref;
			this.sha = sha;
			this.createdAt = createdAt;
			this.stages = stages;
			this.lastLook = createdAt;
		}

	}

	static final class Job {

		final int id;

		final Pipeline pipeline;

		final CiConfig.Job spec;

		final Instant createdAt;

		String status = "created";

		Instant pendingAt;

		Instant startedAt;

		Instant finishedAt;

		GitlabState.Runner runner;

		String node;

		/** What the job's script does on its node, known when it starts. */
		CiScript.Outcome outcome;

		Job(int id, Pipeline pipeline, CiConfig.Job spec, Instant createdAt) {
			this.id = id;
			this.pipeline = pipeline;
			this.spec = spec;
			this.createdAt = createdAt;
		}

		boolean done() {
			return List.of("success", "failed", "skipped", "canceled").contains(this.status);
		}

		Duration duration() {
			return (this.startedAt == null) ? null
					: Duration.between(this.startedAt, (this.finishedAt != null) ? this.finishedAt : Instant.now());
		}

	}

	/** One image repository of the registry, e.g. {@code homelab/ci-smoke}. */
	static final class Repository {

		final int id;

		final int projectId;

		final String path;

		final Instant createdAt;

		final Map<String, Tag> tags = new TreeMap<>();

		Repository(int id, int projectId, String path, Instant createdAt) {
			this.id = id;
			this.projectId = projectId;
			this.path = path;
			this.createdAt = createdAt;
		}

	}

	/** A tag: the manifest it points at (bytes as pushed), its digest and size. */
	record Tag(String name, String digest, byte[] manifest, String configDigest, long totalSize, Instant createdAt) {
	}

	/** What a registry token allows: repository path to actions, until when. */
	record Grant(Map<String, List<String>> access, Instant expiresAt) {

		boolean allows(String path, String action) {
			return Instant.now().isBefore(this.expiresAt) && this.access.getOrDefault(path, List.of()).contains(action);
		}

	}

	final Map<Integer, Pipeline> pipelines = new LinkedHashMap<>();

	final Map<String, Repository> repositories = new LinkedHashMap<>();

	/** Registry tokens by digest. */
	final Map<String, Grant> registryTokens = new LinkedHashMap<>();

	private int nextPipeline = 1;

	private int nextJob = 1;

	private int nextRepository = 1;

	int pipelineId() {
		return this.nextPipeline++;
	}

	int jobId() {
		return this.nextJob++;
	}

	int repositoryId() {
		return this.nextRepository++;
	}

	int iid(int projectId) {
		return 1 + (int) this.pipelines.values().stream().filter(p -> p.projectId == projectId).count();
	}

}
