package org.homelab.rollout.gitlab;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.homelab.rollout.criteria.Criterion;

/**
 * Phase 2's CI/CD success criteria, judged from what GitLab reports of the ci-smoke
 * pipeline (deploy/gitlab/ci-smoke): the runners execute jobs, the registry serves the
 * pushed image, the pipeline succeeded. What GitLab answers is reported, never thrown: an
 * unreachable GitLab or registry is a criterion not met, with what it said.
 */
public final class CiSmokeCriteria {

	/** The fixed tag ci-smoke's build job pushes beside the commit's short SHA. */
	public static final String IMAGE_TAG = "smoke";

	private CiSmokeCriteria() {
	}

	/**
	 * "GitLab Runner executing jobs": a job asking for one of {@code gpuTags} and one for
	 * {@code generalTags} both succeeded, on two different runners (and on the given
	 * runners, where their IDs are known).
	 */
	public static Criterion runnersExecuting(GitlabOperations gitlab, long projectId, long pipelineId,
			List<String> gpuTags, List<String> generalTags, Long gpuRunnerId, Long generalRunnerId) {
		List<GitlabJob> jobs;
		try {
			jobs = gitlab.pipelines().jobs(projectId, pipelineId);
		}
		catch (GitlabException ex) {
			return Criterion.unmet("GitLab did not list the jobs of pipeline #" + pipelineId + ": " + ex.getMessage());
		}
		Criterion gpu = ranOn("gpu", jobs, gpuTags, gpuRunnerId);
		Criterion general = ranOn("general", jobs, generalTags, generalRunnerId);
		Criterion both = gpu.and(general);
		Optional<Long> gpuRunner = runner(jobs, gpuTags);
		if (both.met() && gpuRunner.isPresent() && gpuRunner.equals(runner(jobs, generalTags))) {
			return Criterion.unmet(both.result() + "; but one runner (#" + gpuRunner.get()
					+ ") took both: the gpu and general runners must be two");
		}
		return both;
	}

	/**
	 * "Container registry operational": the repository of {@code path} lists both tags
	 * and the fixed tag's manifest pulls through the registry's token flow, with the
	 * digest GitLab reports.
	 */
	public static Criterion registryOperational(GitlabOperations gitlab, long projectId, String path,
			String commitTag) {
		try {
			Optional<GitlabRegistryRepository> repository = gitlab.registry()
				.repositories(projectId)
				.stream()
				.filter(r -> r.path().equals(path))
				.findFirst();
			if (repository.isEmpty()) {
				return Criterion.unmet("The registry has no repository " + path + ": the pipeline's build job pushed"
						+ " nothing (see its job log in GitLab)");
			}
			List<String> missing = List.of(commitTag, IMAGE_TAG)
				.stream()
				.filter(tag -> !repository.get().tags().contains(tag))
				.toList();
			if (!missing.isEmpty()) {
				return Criterion.unmet(repository.get().location() + " lacks tag(s) " + missing + " (has "
						+ repository.get().tags() + ")");
			}
			Optional<GitlabRegistryTag> tag = gitlab.registry().tag(projectId, repository.get().id(), IMAGE_TAG);
			Optional<RegistryManifest> manifest = gitlab.registry().manifest(path, IMAGE_TAG);
			if (tag.isEmpty() || manifest.isEmpty()) {
				return Criterion.unmet(repository.get().location() + ":" + IMAGE_TAG + " is listed, but "
						+ (tag.isEmpty() ? "GitLab has no details of it" : "the registry does not serve its manifest"));
			}
			if (!manifest.get().digest().equals(tag.get().digest())) {
				return Criterion.unmet("The registry serves " + tag.get().location() + " as " + manifest.get().digest()
						+ ", GitLab lists " + tag.get().digest());
			}
			return Criterion.met(tag.get().location() + " and :" + commitTag + " listed; manifest pulled with a"
					+ " registry token (" + manifest.get().digest() + ", " + manifest.get().size() + " bytes)");
		}
		catch (GitlabException ex) {
			return Criterion.unmet("The registry could not be checked: " + ex.getMessage());
		}
	}

	/** "CI/CD pipelines running": the pipeline's status is {@code success}. */
	public static Criterion pipelinesRunning(GitlabOperations gitlab, long projectId, long pipelineId) {
		try {
			GitlabPipeline pipeline = gitlab.pipelines().get(projectId, pipelineId);
			String said = "pipeline #" + pipeline.id() + " on " + pipeline.ref() + " ("
					+ pipeline.sha().substring(0, Math.min(8, pipeline.sha().length())) + ") " + pipeline.status()
					+ ((pipeline.webUrl() != null) ? " " + pipeline.webUrl() : "");
			return pipeline.succeeded() ? Criterion.met(said) : Criterion.unmet(said);
		}
		catch (GitlabException ex) {
			return Criterion.unmet("GitLab did not answer for pipeline #" + pipelineId + ": " + ex.getMessage());
		}
	}

	private static Criterion ranOn(String kind, List<GitlabJob> jobs, List<String> tags, Long expectedRunner) {
		List<GitlabJob> tagged = jobs.stream().filter(j -> j.tags().stream().anyMatch(tags::contains)).toList();
		if (tagged.isEmpty()) {
			return Criterion.unmet("no job tagged " + tags + " in the pipeline");
		}
		String described = tagged.stream().map(CiSmokeCriteria::describe).collect(Collectors.joining(", "));
		boolean succeeded = tagged.stream().allMatch(GitlabJob::succeeded);
		boolean onExpected = expectedRunner == null
				|| tagged.stream().allMatch(j -> expectedRunner.equals(j.runnerId()));
		if (succeeded && !onExpected) {
			return Criterion.unmet(described + ": not on the " + kind + " runner #" + expectedRunner);
		}
		return succeeded ? Criterion.met(described) : Criterion.unmet(described);
	}

	private static Optional<Long> runner(List<GitlabJob> jobs, List<String> tags) {
		return jobs.stream()
			.filter(j -> j.tags().stream().anyMatch(tags::contains) && j.runnerId() != null)
			.map(GitlabJob::runnerId)
			.findFirst();
	}

	private static String describe(GitlabJob job) {
		String on = (job.runnerId() != null)
				? " on runner #" + job.runnerId()
						+ ((job.runnerDescription() != null) ? " '" + job.runnerDescription() + "'" : "")
				: " (no runner took it)";
		return job.name() + " " + job.status() + on
				+ ((job.failureReason() != null) ? " (" + job.failureReason() + ")" : "");
	}

}
