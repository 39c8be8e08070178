package org.homelab.rollout.phases.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.task.Task;
import org.homelab.rollout.RolloutApplication;
import org.homelab.rollout.phases.Phase1;
import org.homelab.rollout.rehearsal.Latency;
import org.homelab.rollout.rehearsal.RehearsalLab;
import org.homelab.rollout.rehearsal.RequestJournal;
import org.homelab.rollout.support.ProcessRuns;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

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

	static final double SCALE = Double.parseDouble(System.getProperty("bench.scale", "0.1"));

	static final int RUNS = Integer.getInteger("bench.runs", 2);

	@Test
	void phase2() throws Exception {
		Path dir = Files.createTempDirectory("phase-2-bench");
		try (ConfigurableApplicationContext engine = new SpringApplicationBuilder(RolloutApplication.class)
			.profiles("rehearsal", "test")
			.run("--server.port=0", "--rehearsal.latency-scale=" + SCALE, "--logging.level.root=WARN",
					"--rollout.vault.state-dir=" + dir.resolve("vault"),
					"--rollout.monitoring.state-dir=" + dir.resolve("monitoring"))) {
			RehearsalLab lab = engine.getBean(RehearsalLab.class);
			ProcessEngine processEngine = engine.getBean(ProcessEngine.class);
			ProcessRuns runs = new ProcessRuns(processEngine).within(Duration.ofMinutes(15))
				.polling(Duration.ofMillis(500));
			ScheduledExecutorService operator = Executors.newSingleThreadScheduledExecutor();
			operator.scheduleWithFixedDelay(() -> {
				try {
					Phase1.moveVaultSharesOffline(processEngine);
				}
				catch (RuntimeException ex) {
					System.out.println("  (operator: " + ex.getMessage() + ")");
				}
			}, 20, 20, TimeUnit.MILLISECONDS);
			System.out.printf(Locale.ROOT, "phase-2-cicd on the rehearsal lab, latency scale %.3f%n", SCALE);
			for (int run = 1; run <= RUNS; run++) {
				lab.reset();
				String foundation = runs.start("phase-1-foundation", "bench-p1-" + run, Map.of());
				runs.complete(runs.awaitTask(foundation, "approve-phase-1"), Map.of("phase1Decision", "approve"));
				runs.within(Duration.ofMinutes(5)).awaitEnd(foundation);
				lab.journal().clear();
				Instant start = Instant.now();
				String id = runs.start("phase-2-cicd", "bench-p2-" + run, Map.of());
				Task gate = runs.awaitTask(id, "approve-phase-2");
				double makespan = Duration.between(start, gate.getCreateTime().toInstant()).toNanos() / 1e9;
				double bound = criticalPath(lab, start);
				List<RequestJournal.Entry> requests = lab.journal().entries();
				System.out.printf(Locale.ROOT,
						"run %d (%s): makespan %6.2fs, critical-path bound %6.2fs, ratio %.3f; requests: proxmox %d, "
								+ "vault %d, kubernetes %d, gitlab %d, registry %d%n",
						run, (run == 1) ? "cold" : "warm", makespan, bound, makespan / bound,
						Phase1Benchmark.count(requests, "proxmox"), Phase1Benchmark.count(requests, "vault"),
						Phase1Benchmark.count(requests, "kubernetes"), Phase1Benchmark.count(requests, "gitlab"),
						Phase1Benchmark.count(requests, "registry"));
				if (Boolean.getBoolean("bench.timeline")) {
					Phase1Benchmark.timeline(engine, id, start);
				}
				runs.complete(gate, Map.of("phase2Decision", "approve"));
				runs.within(Duration.ofMinutes(5)).awaitEnd(id);
			}
			operator.shutdownNow();
		}
	}

	/**
	 * The longest path through Phase 2's dependency graph in the lab's simulated times:
	 * the gitlab-ce VM (clone to boot) and every command run in it (the apt install,
	 * reconfigure, the rails runner snippets); then the longest of the branches that run
	 * alongside (a runner's Helm release, its pod's boot and its manager's first poll;
	 * the front door's commands on the frontend server; the commands Phase 2 ran on the
	 * Prometheus VM); then ci-smoke's pipeline (two stages of a job each, the build job
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
		double alongside = Math.max(runner, Math.max(since(lab, "frontend", start), since(lab, "prometheus", start)));
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
