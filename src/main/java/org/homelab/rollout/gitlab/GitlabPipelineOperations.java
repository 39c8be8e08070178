package org.homelab.rollout.gitlab;

import java.util.List;
import java.util.Optional;

/** CI/CD pipelines of a project and their jobs. */
public interface GitlabPipelineOperations {

	/**
	 * Starts a pipeline on {@code ref} (a branch or tag), which GitLab builds from the
	 * project's {@code .gitlab-ci.yml} there. {@code POST /projects/:id/pipeline}.
	 */
	GitlabPipeline create(long projectId, String ref);

	/**
	 * The pipeline as it is now. {@code GET /projects/:id/pipelines/:pipeline_id}.
	 * @throws GitlabApiException 404 when the project has no such pipeline
	 */
	GitlabPipeline get(long projectId, long pipelineId);

	/**
	 * The newest pipeline of the newest commit of {@code ref} (the project's default
	 * branch when null); empty when that commit has none.
	 * {@code GET /projects/:id/pipelines/latest[?ref=]}.
	 */
	Optional<GitlabPipeline> latest(long projectId, String ref);

	/**
	 * The pipeline's jobs (up to 100, newest first), each with the pipeline's status: one
	 * call tells how far the pipeline got.
	 * {@code GET /projects/:id/pipelines/:pipeline_id/jobs}.
	 */
	List<GitlabJob> jobs(long projectId, long pipelineId);

}
