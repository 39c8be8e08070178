package org.homelab.rollout.phases.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.task.Task;
import org.homelab.rollout.rehearsal.Latency;
import org.homelab.rollout.rehearsal.RehearsalLab;
import org.homelab.rollout.rehearsal.RequestJournal;
import org.junit.jupiter.api.Test;

/**
 * Prints, for Phase 2 on the embedded lab with the realistic latency table scaled by
 * {@code bench.scale} (default 0.1), after a Phase 1 in the same lab: the makespan from
 * Phase 2's start to its gate, the critical-path bound of the model computed from the
 * lab's simulated operation times, their ratio (targets: 1.10 cold, 1.05 warm), and the
 * requests per system. Run 1 is the engine's first Phase 2 (cold); each later run resets
 * the lab, runs Phase 1 again and then Phase 2 (warm). Production wait settings. Not a
 * test: run {@code bench/phase-2.sh}.
 */
class Phase2Benchmark {

	@Test
	void phase2() throws Exception {
		try (PhaseBench bench = new PhaseBench("phase-2-cicd")) {
			for (int run = 1; run <= PhaseBench.RUNS; run++) {
				bench.earlierPhasesApproved(2, run);
				String id = bench.runs.start("phase-2-cicd", "bench-p2-" + run, Map.of());
				// the clock starts at the plan's approval: its review is a person's time,
				// as the gate's
				bench.runs.approvePlan(id);
				Instant start = Instant.now();
				Task gate = bench.runs.awaitTask(id, "approve-phase-2");
				bench.report(run, PhaseBench.makespan(start, gate), criticalPath(bench.lab, start));
				if (Boolean.getBoolean("bench.timeline")) {
					Phase1Benchmark.timeline(bench.engine, id, start);
				}
				bench.runs.complete(gate, Map.of("phase2Decision", "approve"));
				bench.runs.within(Duration.ofMinutes(5)).awaitEnd(id);
			}
		}
	}

	/**
	 * The longest path through Phase 2's dependency graph in the lab's simulated times:
	 * the gitlab-ce VM (clone to boot) and every command run in it (the apt install,
	 * reconfigure, the rails runner snippets); then the longest of the branches that run
	 * alongside (a runner's Helm release, its pod's boot and its manager's first poll;
	 * the front door's commands on the frontend server; the commands Phase 2 ran on the
	 * Prometheus VM and the real Prometheus' time from its reload to scraping the new
	 * targets); then ci-smoke's pipeline (two stages of a job each, the build job
	 * building and pushing two images). The Vault check, the API calls and ESO's sync are
	 * left out (no simulated time of their own), and so is GitLab's boot: the lab starts
	 * its clock when it runs the reconfigure at the start of the install script, whose
	 * simulated time outlasts it (a bound with it, 84.6 s, was beaten by warm runs of
	 * 82.5 s).
	 */
	static double criticalPath(RehearsalLab lab, Instant start) {
		Latency latency = lab.latency();
		List<RequestJournal.Entry> writes = lab.journal()
			.entries()
			.stream()
			.filter(e -> !e.method().equals("GET") && e.status() < 300)
			.toList();
		double gitlab = Phase1Benchmark.vm(lab, writes, "gitlab-ce") + Phase1Benchmark.guest(lab, "gitlab-ce");
		double runner = secs(latency.of("helm.install")) + secs(latency.of("helm.pod-boot"))
				+ secs(latency.of("gitlab.runner-poll"));
		double prometheus = since(lab, "prometheus", start) + Phase1Benchmark.prometheusReloadToNewTargetsScraped(lab);
		double alongside = Math.max(runner, Math.max(since(lab, "frontend", start), prometheus));
		double pipeline = 2 * secs(latency.of("gitlab.job")) + 2 * secs(latency.of("gitlab.image-build"));
		return gitlab + alongside + pipeline;
	}

	/** The simulated time of the commands run in the named VM since {@code start}. */
	static double since(RehearsalLab lab, String name, Instant start) {
		return Phase1Benchmark.vmid(lab, name)
			.map(vmid -> secs(lab.proxmox().guestTime(vmid)) - secs(lab.proxmox().guestTime(vmid, start)))
			.orElse(0.0);
	}

	static double secs(Duration duration) {
		return duration.toNanos() / 1e9;
	}

}
