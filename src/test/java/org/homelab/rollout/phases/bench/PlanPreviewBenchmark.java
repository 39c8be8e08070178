package org.homelab.rollout.phases.bench;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.task.Task;
import org.homelab.rollout.plan.steps.PlanPreviewVariables;
import org.homelab.rollout.rehearsal.RequestJournal;
import org.junit.jupiter.api.Test;

/**
 * Prints how long the plan preview of a finished homelab takes on the embedded lab with
 * the realistic latency table scaled by {@code bench.scale} (default 0.1): Phases 1 to 4
 * approved in a fresh lab, then {@code bench.runs} previews of all four phases, each the
 * time of its "Compute the plan" step (target: under 5 s at scale 0.1), its summary and
 * the requests per system it made. Not a test: run {@code bench/plan-preview.sh}.
 */
class PlanPreviewBenchmark {

	@Test
	void planPreview() throws Exception {
		try (PhaseBench bench = new PhaseBench("plan-preview")) {
			bench.earlierPhasesApproved(4, 1);
			String phase4 = bench.runs.start("phase-4-backup", "bench-p4", Map.of());
			bench.runs.approvePlan(phase4);
			bench.runs.complete(bench.runs.awaitTask(phase4, "test-restore-procedure"),
					Map.of("manualRestoreDone", true, "manualRestoreItem", "/etc/hostname from vault"));
			bench.runs.complete(bench.runs.awaitTask(phase4, "approve-phase-4"), Map.of("phase4Decision", "approve"));
			bench.runs.within(Duration.ofMinutes(5)).awaitEnd(phase4);
			for (int run = 1; run <= PhaseBench.RUNS; run++) {
				bench.lab.journal().clear();
				String id = bench.runs.start("plan-preview", "bench-plan-" + run,
						Map.of(PlanPreviewVariables.PHASES, "1-4"));
				Task review = bench.runs.awaitTask(id, "review-plan");
				HistoricActivityInstance compute = bench.engine.getBean(HistoryService.class)
					.createHistoricActivityInstanceQuery()
					.processInstanceId(id)
					.activityId("compute-plan")
					.singleResult();
				double seconds = compute.getDurationInMillis() / 1000.0;
				Map<String, Long> requests = bench.lab.journal()
					.entries()
					.stream()
					.collect(Collectors.groupingBy(RequestJournal.Entry::system, TreeMap::new, Collectors.counting()));
				long writes = bench.lab.journal()
					.entries()
					.stream()
					.filter(e -> !e.method().equals("GET") && e.status() < 300)
					.count();
				System.out.printf(Locale.ROOT,
						"run %d (%s): plan preview of phases 1-4 %.2fs (target < 5 s), %s;"
								+ " writes %d; requests: %s%n",
						run, (run == 1) ? "cold" : "warm", seconds,
						bench.runs.variable(id, PlanPreviewVariables.SUMMARY), writes,
						requests.entrySet()
							.stream()
							.map(e -> e.getKey() + " " + e.getValue())
							.collect(Collectors.joining(", ")));
				bench.runs.complete(review, Map.of(PlanPreviewVariables.DECISION, "reject"));
				bench.runs.awaitEnd(id);
			}
		}
	}

}
