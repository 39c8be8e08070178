package org.homelab.rollout.phases.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.task.Task;
import org.homelab.rollout.rehearsal.Latency;
import org.homelab.rollout.rehearsal.RehearsalLab;
import org.homelab.rollout.rehearsal.RequestJournal;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.homelab.rollout.phases.bench.Phase3Benchmark.between;
import static org.homelab.rollout.phases.bench.Phase3Benchmark.secs;

/**
 * Prints, for Phase 4 on the embedded lab with the realistic latency table scaled by
 * {@code bench.scale} (default 0.1), after Phases 1 to 3 in the same lab: the makespan
 * from Phase 4's start to its gate less the time the restore-procedure task waited for a
 * person (the benchmark completes it at once), the critical-path bound of the model
 * computed from the lab's simulated operation times, their ratio (targets: 1.10 cold,
 * 1.05 warm), the share of the restore tests (run side by side: their span against one
 * restore's bound), and the requests per system. Run 1 is the engine's first Phase 4
 * (cold); each later run resets the lab and runs Phases 1 to 3 again, then Phase 4
 * (warm). Not a test: run {@code bench/phase-4.sh}.
 */
class Phase4Benchmark {

	@Test
	void phase4() throws Exception {
		try (PhaseBench bench = new PhaseBench("phase-4-backup")) {
			for (int run = 1; run <= PhaseBench.RUNS; run++) {
				bench.earlierPhasesApproved(4, run);
				String id = bench.runs.start("phase-4-backup", "bench-p4-" + run, Map.of());
				// the clock starts at the plan's approval: its review is a person's time,
				// as the gate's
				bench.runs.approvePlan(id);
				Instant start = Instant.now();
				Task restore = bench.runs.awaitTask(id, "test-restore-procedure");
				Instant asked = restore.getCreateTime().toInstant();
				bench.runs.complete(restore,
						Map.of("manualRestoreDone", true, "manualRestoreItem", "/etc/hostname from vault"));
				Instant answered = Instant.now();
				Task gate = bench.runs.awaitTask(id, "approve-phase-4");
				double person = Duration.between(asked, answered).toNanos() / 1e9;
				double makespan = PhaseBench.makespan(start, gate) - person;
				Span restores = span(bench.engine, id, "test-restores");
				bench.report(run, makespan, criticalPath(bench.lab, start, restores));
				System.out.printf(java.util.Locale.ROOT,
						"  restore tests side by side: %.2fs for %d VMs, one restore's bound %.2fs%n",
						restores.seconds(), restores.count(), restoreBound(bench.lab));
				if (Boolean.getBoolean("bench.timeline")) {
					Phase1Benchmark.timeline(bench.engine, id, start);
				}
				bench.runs.complete(gate, Map.of("phase4Decision", "approve"));
				bench.runs.within(Duration.ofMinutes(5)).awaitEnd(id);
			}
		}
	}

	/** When an activity's instances started first and ended last, and how many ran. */
	record Span(Instant from, Instant until, int count) {

		double seconds() {
			return Duration.between(this.from, this.until).toNanos() / 1e9;
		}

	}

	static Span span(ConfigurableApplicationContext engine, String id, String activity) {
		List<HistoricActivityInstance> instances = engine.getBean(HistoryService.class)
			.createHistoricActivityInstanceQuery()
			.processInstanceId(id)
			.activityId(activity)
			.finished()
			.list()
			.stream()
			.filter(i -> "callActivity".equals(i.getActivityType()))
			.toList();
		Instant from = instances.stream().map(i -> i.getStartTime().toInstant()).min(Instant::compareTo).orElseThrow();
		Instant until = instances.stream().map(i -> i.getEndTime().toInstant()).max(Instant::compareTo).orElseThrow();
		return new Span(from, until, instances.size());
	}

	/**
	 * One restore test: qmrestore, start and boot of the scratch VM (its check's command
	 * is counted apart).
	 */
	static double restoreBound(RehearsalLab lab) {
		Latency l = lab.latency();
		return secs(l.of("proxmox.restore")) + secs(l.of("proxmox.start")) + secs(l.of("proxmox.boot"))
				+ secs(l.of("proxmox.stop")) + secs(l.of("proxmox.destroy"));
	}

	/**
	 * The longest path through Phase 4's dependency graph in the lab's simulated times:
	 * the proxmox-backup VM (clone to boot) and the commands run in it (PBS's install,
	 * the datastore's disk, the exporter) and the front door's commands on the frontend
	 * server, or GitLab's own backup beside them if longer, PVE's first backup (one
	 * vzdump task for the VMs, or as many side by side), then Prometheus's reload, the
	 * real Prometheus' time from it to scraping the new targets, and the dashboard's
	 * commands, one restore test (they run side by side) with its check's command in the
	 * scratch VM. The firewall branch has no simulated time; API calls and the runbook's
	 * commit are left out.
	 */
	static double criticalPath(RehearsalLab lab, Instant start, Span restores) {
		Latency latency = lab.latency();
		List<RequestJournal.Entry> writes = lab.journal()
			.entries()
			.stream()
			.filter(e -> !e.method().equals("GET") && e.status() < 300)
			.toList();
		double pbs = Phase1Benchmark.vm(lab, writes, "proxmox-backup")
				+ between(lab, "proxmox-backup", start, restores.from())
				+ between(lab, "frontend", start, restores.from());
		// GitLab's own backup runs beside PBS's install, both before the first backups
		double gitlab = between(lab, "gitlab-ce", start, restores.from());
		double backups = Math.max(pbs, gitlab) + secs(latency.of("proxmox.vzdump"));
		double monitoring = between(lab, "prometheus", start, restores.from())
				+ Phase1Benchmark.prometheusReloadToNewTargetsScraped(lab);
		double restore = restoreBound(lab) + secs(latency.of("proxmox.exec"));
		return backups + monitoring + restore;
	}

}
