package org.homelab.rollout.phases;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.support.TestLabs;
import org.homelab.rollout.support.Tool;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The GitLab CI job's script (deploy/gitlab/rollout-start.sh, run by
 * deploy/gitlab/rollout.gitlab-ci.yml) against this engine and lab, as the job runs it:
 * {@code sh} with the CI user's password in the environment. It starts Phase 1, prints
 * the run's Cockpit link and ends 0 once the run waits at its gate; a start the engine
 * refuses (400) ends it non-zero with the engine's reason and starts nothing.
 */
class RolloutCiJobIntegrationTests extends Phase1Context {

	private static final Path SCRIPT = Path.of("deploy/gitlab/rollout-start.sh");

	@TempDir
	Path dir;

	@BeforeEach
	void curlInstalled() {
		Tool.CURL.require("the GitLab CI job's script against the engine is");
	}

	@Test
	void jobStartsPhase1PrintsItsCockpitLinkAndEndsZeroAtTheGate() throws Exception {
		Job job = run("ci-job-gate", "{}");

		assertThat(job.exitCode()).as(job.output()).isZero();
		ProcessInstance instance = this.runtime.createProcessInstanceQuery()
			.processInstanceBusinessKey("ci-job-gate")
			.processDefinitionKey(Phase1.KEY)
			.singleResult();
		assertThat(instance).as(job.output()).isNotNull();
		assertThat(job.output()).contains("http://localhost:" + this.port
				+ "/camunda/app/cockpit/default/#/process-instance/" + instance.getId());
		Task gate = this.tasks.createTaskQuery()
			.processInstanceId(instance.getId())
			.taskDefinitionKey("approve-phase-1")
			.singleResult();
		assertThat(gate).as("the gate the job says the run waits at").isNotNull();
		assertThat(job.output()).contains("Run ci-job-gate waits at its gate approve-phase-1");
		// CI follows the run but neither sees nor decides its gate
		HttpResponse<String> completion = HttpClient.newHttpClient()
			.send(HttpRequest
				.newBuilder(
						URI.create("http://localhost:" + this.port + "/engine-rest/task/" + gate.getId() + "/complete"))
				.header("Authorization",
						"Basic " + Base64.getEncoder().encodeToString("ci:ci".getBytes(StandardCharsets.UTF_8)))
				.header("Content-Type", "application/json")
				.POST(BodyPublishers.ofString("{\"variables\": {\"phase1Decision\": {\"value\": \"approve\"}}}"))
				.build(), BodyHandlers.ofString());
		assertThat(completion.statusCode()).as(completion.body()).isIn(403, 404);
		assertThat(completion.body()).doesNotContain("phase1Decision");
		assertThat(this.tasks.createTaskQuery().taskId(gate.getId()).count()).isOne();
	}

	/**
	 * Phase 1 started on its own shows its plan first: by default the job judges it and
	 * ends there, as for the whole rollout; nothing was changed.
	 */
	@Test
	void jobStartsPhase1AndEndsAtItsPlanReview() throws Exception {
		Job job = run("ci-job-phase-plan", "{}", null, () -> {
		}, Map.of("ROLLOUT_PROCESS_KEY", Phase1.KEY));

		assertThat(job.exitCode()).as(job.output()).isZero();
		assertThat(job.output()).containsPattern("The plan of run ci-job-phase-plan: ?[0-9]+ create;")
			.contains("Run ci-job-phase-plan waits for its plan review (only create,adopt): an operator approves it");
		assertThat(this.tasks.createTaskQuery()
			.processInstanceBusinessKey("ci-job-phase-plan")
			.taskDefinitionKey("review-plan")
			.count()).isOne();
		assertThat(this.lab.journal().entries()).as("what the lab was asked meanwhile")
			.allMatch(entry -> entry.method().equals("GET") || entry.status() >= 300, "reads only");
	}

	/**
	 * The whole rollout on a fresh lab: the job reads the plan while it waits for its
	 * review, passes when it has only what the job allows (all create here) and fails
	 * naming what it does not; nothing was changed either way.
	 */
	@Test
	void jobStartsTheWholeRolloutAndJudgesItsPlanBeforeAnyChange() throws Exception {
		Job passes = run("ci-job-plan", "{}", null, () -> {
		}, Map.of("ROLLOUT_PROCESS_KEY", "homelab-rollout"));
		assertThat(passes.exitCode()).as(passes.output()).isZero();
		assertThat(passes.output()).containsPattern("The plan of run ci-job-plan: ?[0-9]+ create;")
			.contains("Run ci-job-plan waits for its plan review (only create,adopt)");

		Job fails = run("ci-job-plan-strict", "{}", null, () -> {
		}, Map.of("ROLLOUT_PROCESS_KEY", "homelab-rollout", "ROLLOUT_PLAN_ALLOWS", "adopt"));
		assertThat(fails.exitCode()).as(fails.output()).isEqualTo(1);
		assertThat(fails.output()).contains("The plan has what ROLLOUT_PLAN_ALLOWS (adopt) does not: create")
			.contains("\"action\":\"create\"");
		assertThat(this.lab.journal().entries()).as("what the lab was asked meanwhile")
			.allMatch(entry -> entry.method().equals("GET") || entry.status() >= 300, "reads only");
	}

	@Test
	void refusedStartEndsTheJobNonZeroWithTheEnginesReasonAndStartsNothing() throws Exception {
		Job job = run("ci-job-refused", "{\"releaseReadyTimeout\": {\"value\": \"PT1H\", \"type\": \"String\"}}");

		assertThat(job.exitCode()).as(job.output()).isEqualTo(2);
		assertThat(job.output()).contains("phase-1-foundation not started for run ci-job-refused: HTTP 400",
				"releaseReadyTimeout must be one of [PT5M, PT15M, PT30M], was 'PT1H'");
		assertThat(job.output()).doesNotContain("cockpit");
		assertThat(
				this.history.createHistoricProcessInstanceQuery().processInstanceBusinessKey("ci-job-refused").count())
			.isZero();
		TestLabs.assertUntouched(this.lab.journal());
	}

	/**
	 * Every clone fails as a Proxmox task error: the VM steps' job retries run out and
	 * the incident shows on Phase 1's call activity, which ends the job non-zero naming
	 * it.
	 */
	@Test
	void anIncidentInTheRunFailsTheJob() throws Exception {
		this.lab.faults().arm(FaultInjector.Rule.rate("proxmox", "clone", FaultInjector.Kind.TASK_ERROR, 1.0));
		Job job = run("ci-job-failing", "{}");

		assertThat(job.exitCode()).as(job.output()).isEqualTo(1);
		String id = this.history.createHistoricProcessInstanceQuery()
			.processInstanceBusinessKey("ci-job-failing")
			.processDefinitionKey(Phase1.KEY)
			.singleResult()
			.getId();
		assertThat(job.output()).contains("/camunda/app/cockpit/default/#/process-instance/" + id);
		List<String> failed = this.runtime.createIncidentQuery()
			.processInstanceId(id)
			.list()
			.stream()
			.map(Incident::getActivityId)
			.toList();
		assertThat(failed).as(job.output()).isNotEmpty().allMatch(activity -> activity.startsWith("provision-"));
		assertThat(job.output()).containsPattern("Run ci-job-failing has an incident at (" + String.join("|", failed)
				+ ") \\(in the process it calls; Cockpit shows the cause\\)");
	}

	/**
	 * An operator rejects the gate and Phase 1 rolls back: a job told to wait past the
	 * gate (a pattern no activity has) ends non-zero saying so.
	 */
	@Test
	void aRunThatEndsRolledBackFailsTheJob() throws Exception {
		Job job = run("ci-job-rejected", "{}", "no-such-gate",
				() -> this.tasks.createTaskQuery()
					.processInstanceBusinessKey("ci-job-rejected")
					.taskDefinitionKey("approve-phase-1")
					.list()
					.forEach(gate -> this.phase1.decide(gate, "reject")));

		assertThat(job.exitCode()).as(job.output()).isEqualTo(1);
		String id = this.history.createHistoricProcessInstanceQuery()
			.processInstanceBusinessKey("ci-job-rejected")
			.processDefinitionKey(Phase1.KEY)
			.singleResult()
			.getId();
		assertThat(this.history.createHistoricActivityInstanceQuery()
			.processInstanceId(id)
			.activityId("phase-1-rolled-back")
			.finished()
			.count()).as(job.output()).isOne();
		assertThat(job.output()).containsPattern("Run ci-job-rejected ended rolled back \\([^)]*phase-1-rolled-back");
	}

	private record Job(int exitCode, String output) {
	}

	/**
	 * The job's script with the job's variables; meanwhile an operator does what a new
	 * Vault asks on the way to the gate (moves its shares offline).
	 */
	private Job run(String run, String variables) throws Exception {
		return run(run, variables, null, () -> {
		});
	}

	/**
	 * The script with another gate pattern than the job's (null: the job's), doing
	 * {@code meanwhile} as well while it runs; it waits through Phase 1's plan review
	 * ({@code ROLLOUT_PLAN_REVIEW=wait}), which an operator approves meanwhile.
	 */
	private Job run(String run, String variables, String gatePattern, Runnable meanwhile) throws Exception {
		return run(run, variables, gatePattern, () -> {
			approvePlan(run);
			meanwhile.run();
		}, Map.of("ROLLOUT_PROCESS_KEY", Phase1.KEY, "ROLLOUT_PLAN_REVIEW", "wait"));
	}

	private void approvePlan(String run) {
		this.tasks.createTaskQuery()
			.processInstanceBusinessKey(run)
			.taskDefinitionKey("review-plan")
			.list()
			.forEach(review -> this.tasks.complete(review.getId(), Map.of("planDecision", "approve")));
	}

	private Job run(String run, String variables, String gatePattern, Runnable meanwhile, Map<String, String> more)
			throws Exception {
		Path output = this.dir.resolve(run + ".log");
		ProcessBuilder builder = new ProcessBuilder("sh", SCRIPT.toString()).redirectErrorStream(true)
			.redirectOutput(output.toFile());
		Map<String, String> env = builder.environment();
		env.keySet().removeIf(name -> name.startsWith("ROLLOUT_") || name.startsWith("CI_"));
		env.put("ROLLOUT_URL", "http://localhost:" + this.port);
		env.put("ROLLOUT_CI_PASSWORD", "ci");
		env.put("ROLLOUT_RUN", run);
		env.put("ROLLOUT_VARIABLES", variables);
		env.put("ROLLOUT_POLL_INTERVAL", "1");
		env.put("ROLLOUT_TIMEOUT", String.valueOf(Phase1.TIMEOUT.multipliedBy(2).toSeconds()));
		if (gatePattern != null) {
			env.put("ROLLOUT_GATE_PATTERN", gatePattern);
		}
		env.putAll(more);
		Process process = builder.start();
		long deadline = System.nanoTime() + Phase1.TIMEOUT.multipliedBy(2).plusSeconds(30).toNanos();
		while (!process.waitFor(200, TimeUnit.MILLISECONDS)) {
			Phase1.moveVaultSharesOffline(this.engine);
			meanwhile.run();
			if (System.nanoTime() > deadline) {
				process.destroy();
				throw new AssertionError("the job's script did not end: " + Files.readString(output));
			}
		}
		return new Job(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
	}

}
