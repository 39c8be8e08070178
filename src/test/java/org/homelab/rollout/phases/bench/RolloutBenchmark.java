package org.homelab.rollout.phases.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;

/**
 * Prints, for homelab-rollout on the embedded lab with the realistic latency table scaled
 * by {@code bench.scale} (default 0.1): the makespan from the rollout's start to its last
 * gate, less the time tasks waited for a person (the plan's review, the gates before it
 * and Phase 4's restore by hand, completed at once), against the critical-path bound, the
 * sum of the four phases' bounds as their own benchmarks compute them (each phase run
 * alone on a fresh lab after the one before, in the same engine), their ratio (targets:
 * 1.10 cold, 1.05 warm), and the requests per system. Run 1 is the engine's first rollout
 * (cold), later ones run on a reset lab (warm). Not a test: run {@code bench/rollout.sh}.
 */
class RolloutBenchmark {

	@Test
	void rollout() throws Exception {
		try (PhaseBench bench = new PhaseBench("homelab-rollout")) {
			double[] cold = rolloutRun(bench, 1);
			// the rollout's requests, before the phases alone make their own
			Map<String, Long> requests = bench.requests();
			double bound = phaseBounds(bench);
			bench.report(1, cold[0], bound, requests);
			for (int run = 2; run <= PhaseBench.RUNS; run++) {
				double[] warm = rolloutRun(bench, run);
				bench.report(run, warm[0], bound);
			}
		}
	}

	/**
	 * A rollout on a fresh lab, every gate approved as soon as it shows: its makespan to
	 * the last gate less the person's time.
	 */
	private static double[] rolloutRun(PhaseBench bench, int run) {
		bench.lab.reset();
		bench.lab.journal().clear();
		Instant start = Instant.now();
		String id = bench.runs.start("homelab-rollout", "bench-rollout-" + run, Map.of());
		double person = 0;
		double makespan = 0;
		// the plan's review, approved at once: its wait for a person is left out too
		Task review = bench.runs.awaitTask(bench.runs.awaitCalled(id, "plan-preview"), "review-plan");
		Instant reviewed = review.getCreateTime().toInstant();
		bench.runs.complete(review, Map.of("planDecision", "approve"));
		person += Duration.between(reviewed, Instant.now()).toNanos() / 1e9;
		for (int phase = 1; phase <= 4; phase++) {
			String called = bench.runs.awaitCalled(id, PhaseBench.PHASES.get(phase - 1));
			if (phase == 4) {
				Task restore = bench.runs.awaitTask(called, "test-restore-procedure");
				Instant asked = restore.getCreateTime().toInstant();
				bench.runs.complete(restore, Map.of("manualRestoreDone", true, "manualRestoreItem", "/etc/hostname"));
				person += Duration.between(asked, Instant.now()).toNanos() / 1e9;
			}
			Task gate = bench.runs.awaitTask(called, "approve-phase-" + phase);
			if (phase == 4) {
				makespan = PhaseBench.makespan(start, gate) - person;
			}
			Instant shown = gate.getCreateTime().toInstant();
			bench.runs.complete(gate, Map.of("phase" + phase + "Decision", "approve"));
			person += Duration.between(shown, Instant.now()).toNanos() / 1e9;
		}
		bench.runs.within(Duration.ofMinutes(5)).awaitEnd(id);
		System.out.printf(Locale.ROOT, "  rollout %d: to the last gate %.2fs, of which a person's %.2fs%n", run,
				makespan + person, person);
		return new double[] { makespan };
	}

	/**
	 * Each phase run alone, after the one before, on a fresh lab: the sum of their
	 * critical-path bounds.
	 */
	private static double phaseBounds(PhaseBench bench) {
		bench.lab.reset();
		double sum = 0;
		for (int phase = 1; phase <= 4; phase++) {
			String key = PhaseBench.PHASES.get(phase - 1);
			bench.lab.journal().clear();
			String id = bench.runs.start(key, "bench-bound-p" + phase, Map.of());
			// a phase started on its own shows its plan first: a person's time
			bench.runs.approvePlan(id);
			Instant start = Instant.now();
			double bound;
			if (phase == 4) {
				bench.runs.complete(bench.runs.awaitTask(id, "test-restore-procedure"),
						Map.of("manualRestoreDone", true, "manualRestoreItem", "/etc/hostname"));
			}
			Task gate = bench.runs.awaitTask(id, "approve-phase-" + phase);
			bound = switch (phase) {
				case 1 -> Phase1Benchmark.criticalPath(bench.lab);
				case 2 -> Phase2Benchmark.criticalPath(bench.lab, start);
				case 3 -> Phase3Benchmark.criticalPath(bench.lab, start, Phase3Benchmark.joined(bench.engine, id));
				default -> Phase4Benchmark.criticalPath(bench.lab, start,
						Phase4Benchmark.span(bench.engine, id, "test-restores"));
			};
			System.out.printf(Locale.ROOT, "  Phase %d alone: critical-path bound %.2fs%n", phase, bound);
			sum += bound;
			bench.runs.complete(gate, Map.of("phase" + phase + "Decision", "approve"));
			bench.runs.within(Duration.ofMinutes(5)).awaitEnd(id);
		}
		return sum;
	}

}
