package org.homelab.rollout.gitlab.steps;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.homelab.rollout.gitlab.GitlabJob;
import org.homelab.rollout.waiting.Check;
import org.homelab.rollout.waiting.Look;
import org.homelab.rollout.waiting.WaitCondition;

import org.springframework.stereotype.Component;

/**
 * Topic {@code gitlab-pipeline-finished}: until the pipeline ({@code ciSmokePipelineId}
 * of project {@code ciSmokeProjectId}) is success, failed or canceled; one GET of its
 * jobs per look (each job carries the pipeline's status), which also says how far it got
 * and which job waits for a runner. Sets {@code ciSmokePipelineStatus}.
 */
@Component
class PipelineFinishedWait implements WaitCondition {

	private static final List<String> FINISHED = List.of("success", "failed", "canceled", "skipped");

	private final CiSmokeGitlab gitlab;

	PipelineFinishedWait(CiSmokeGitlab gitlab) {
		this.gitlab = gitlab;
	}

	@Override
	public String topic() {
		return "gitlab-pipeline-finished";
	}

	@Override
	public Set<String> variables() {
		return Set.of(CiSmokeVariables.PROJECT_ID, CiSmokeVariables.PIPELINE_ID);
	}

	@Override
	public Check check(Look look) {
		long project = look.required(CiSmokeVariables.PROJECT_ID, Number.class).longValue();
		long pipeline = look.required(CiSmokeVariables.PIPELINE_ID, Number.class).longValue();
		List<GitlabJob> jobs = this.gitlab.operations().pipelines().jobs(project, pipeline);
		String status = jobs.isEmpty() ? null : jobs.get(0).pipelineStatus();
		if (status != null && FINISHED.contains(status)) {
			return Check.done(Map.of(CiSmokeVariables.PIPELINE_STATUS, status));
		}
		return Check.waiting("GitLab's pipeline #" + pipeline + " of " + CiSmokeVariables.PROJECT + " to finish ("
				+ ((status != null) ? status : "no jobs yet") + progress(jobs) + ")");
	}

	@Override
	public String overdue(Look look) {
		return "Open the pipeline in GitLab (" + CiSmokeVariables.PROJECT + ", CI/CD > Pipelines): a job 'pending'"
				+ " means no online runner has its tags (check the runners' pods in namespace gitlab-runner and"
				+ " Admin > Runners); a running job's log says what it waits for.";
	}

	/**
	 * E.g. ": 1 of 3 jobs done; build-image running on 'k3s-w-2 general'; gpu-smoke
	 * created".
	 */
	static String progress(List<GitlabJob> jobs) {
		if (jobs.isEmpty()) {
			return "";
		}
		long done = jobs.stream().filter(GitlabJob::finished).count();
		String open = jobs.stream()
			.filter(j -> !j.finished())
			.sorted(java.util.Comparator.comparingLong(GitlabJob::id))
			.map(PipelineFinishedWait::describe)
			.collect(Collectors.joining("; "));
		return ": " + done + " of " + jobs.size() + " jobs done" + (open.isEmpty() ? "" : "; " + open);
	}

	private static String describe(GitlabJob job) {
		return switch (job.status()) {
			case "running" -> job.name() + " running"
					+ ((job.runnerDescription() != null) ? " on '" + job.runnerDescription() + "'" : "");
			case "pending" -> job.name() + " pending: no online runner with tags " + job.tags() + " has taken it yet";
			default -> job.name() + " " + job.status();
		};
	}

}
