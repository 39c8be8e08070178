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

/**
 * Prints, for Phase 3 on the embedded lab with the realistic latency table scaled by
 * {@code bench.scale} (default 0.1), after Phases 1 and 2 in the same lab: the makespan
 * from Phase 3's start to its gate, the critical-path bound of the model computed from
 * the lab's simulated operation times, their ratio (targets: 1.10 cold, 1.05 warm), and
 * the requests per system. Run 1 is the engine's first Phase 3 (cold); each later run
 * resets the lab, runs Phases 1 and 2 again and then Phase 3 (warm). Production wait
 * settings. Not a test: run {@code bench/phase-3.sh}.
 */
class Phase3Benchmark {

	@Test
	void phase3() throws Exception {
		try (PhaseBench bench = new PhaseBench("phase-3-gitops")) {
			for (int run = 1; run <= PhaseBench.RUNS; run++) {
				bench.earlierPhasesApproved(3, run);
				String id = bench.runs.start("phase-3-gitops", "bench-p3-" + run, Map.of());
				// the clock starts at the plan's approval: its review is a person's time,
				// as the gate's
				bench.runs.approvePlan(id);
				Instant start = Instant.now();
				Task gate = bench.runs.awaitTask(id, "approve-phase-3");
				bench.report(run, PhaseBench.makespan(start, gate),
						criticalPath(bench.lab, start, joined(bench.engine, id)));
				if (Boolean.getBoolean("bench.timeline")) {
					Phase1Benchmark.timeline(bench.engine, id, start);
				}
				bench.runs.complete(gate, Map.of("phase3Decision", "approve"));
				bench.runs.within(Duration.ofMinutes(5)).awaitEnd(id);
			}
		}
	}

	/** When both branches had joined: the first step after the join started. */
	static Instant joined(ConfigurableApplicationContext engine, String id) {
		HistoricActivityInstance grant = engine.getBean(HistoryService.class)
			.createHistoricActivityInstanceQuery()
			.processInstanceId(id)
			.activityId("grant-argocd-metrics-access")
			.singleResult();
		return grant.getStartTime().toInstant();
	}

	/**
	 * The longest path through Phase 3's dependency graph in the lab's simulated times.
	 * Before the join the longer of two branches: 3.1 = Argo CD's Helm release and its
	 * pod's boot, the sync of the root Application and then of the child it creates, and
	 * the front door's commands on the frontend server; 3.2 = the ansible VM (clone to
	 * boot) and the commands run in it until the join. The firewall branch has no
	 * simulated time. After the join, one after the other: the commands run on the
	 * Prometheus VM (its reload) and the real Prometheus' time from that reload to
	 * scraping the new targets, on the frontend server (the dashboard), gitops-check's
	 * commit synced then the deletion healed (self-heal's pause after the last sync, then
	 * a sync), and the commands run in the ansible VM after the join (ansible-check's
	 * playbook runs; the commands' times include the real ansible tools the lab runs for
	 * them). Left out: API calls and ESO's sync.
	 */
	static double criticalPath(RehearsalLab lab, Instant start, Instant join) {
		Latency latency = lab.latency();
		List<RequestJournal.Entry> writes = lab.journal()
			.entries()
			.stream()
			.filter(e -> !e.method().equals("GET") && e.status() < 300)
			.toList();
		double sync = secs(latency.of("argocd.sync"));
		double argocd = secs(latency.of("helm.install")) + secs(latency.of("helm.pod-boot")) + 2 * sync
				+ between(lab, "frontend", start, join);
		double ansible = Phase1Benchmark.vm(lab, writes, "ansible") + between(lab, "ansible", start, join);
		double afterJoin = between(lab, "prometheus", join, Instant.MAX)
				+ Phase1Benchmark.prometheusReloadToNewTargetsScraped(lab) + between(lab, "frontend", join, Instant.MAX)
				+ sync + secs(latency.of("argocd.self-heal")) + sync + between(lab, "ansible", join, Instant.MAX);
		return Math.max(argocd, ansible) + afterJoin;
	}

	/**
	 * The simulated time of the commands run in the named VM between the two instants
	 * ({@link Instant#MAX}: until now).
	 */
	static double between(RehearsalLab lab, String name, Instant from, Instant until) {
		return Phase1Benchmark.vmid(lab, name)
			.map(vmid -> secs(lab.proxmox().guestTime(vmid, until)) - secs(lab.proxmox().guestTime(vmid, from)))
			.orElse(0.0);
	}

	static double secs(Duration duration) {
		return duration.toNanos() / 1e9;
	}

}
