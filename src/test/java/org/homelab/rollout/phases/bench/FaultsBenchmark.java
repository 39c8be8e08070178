package org.homelab.rollout.phases.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
import org.homelab.rollout.rehearsal.RehearsalLab;
import org.homelab.rollout.support.Faults;
import org.homelab.rollout.support.ProcessRuns;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Prints, for Phase 1 on the embedded lab with the realistic latency table scaled by
 * {@code bench.scale} (default 0.1): the makespan from start to the gate without faults,
 * then with about 10 % of the calls to every system failing ({@link Faults#TEN_PERCENT},
 * seed {@code bench.seed}), their ratio, and what the engine retried (failed jobs and
 * failed looks by process, server errors answered by each system). The engine runs with
 * its production wait and retry settings, their delays scaled like the lab's time (the
 * back-off a real homelab would see, in the lab's time). Not a test (no assertion, not
 * matched by surefire's *Tests pattern): run {@code bench/faults.sh}.
 */
class FaultsBenchmark {

	static final double SCALE = Double.parseDouble(System.getProperty("bench.scale", "0.1"));

	static final long SEED = Long.getLong("bench.seed", 42);

	@Test
	void phase1WithAndWithoutFaults() throws Exception {
		System.out.printf(Locale.ROOT, "phase-1-foundation under faults on the rehearsal lab, latency scale %.3f%n",
				SCALE);
		double clean = run("fault-free", "");
		double faulty = run("10 % faults", Faults.TEN_PERCENT);
		System.out.printf(Locale.ROOT, "makespan ratio faulty / fault-free: %.3f%n", faulty / clean);
	}

	/** One engine and lab with these fault rules; answers the makespan to the gate. */
	private static double run(String name, String faults) throws Exception {
		Path dir = Files.createTempDirectory("faults-bench");
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--rehearsal.latency-scale=" + SCALE,
				"--rehearsal.seed=" + SEED, "--rehearsal.faults=" + faults, "--logging.level.root=WARN",
				"--logging.level.org.camunda.bpm.engine.context=OFF",
				"--logging.level.org.camunda.bpm.engine.jobexecutor=OFF",
				"--logging.level.org.homelab.rollout.waiting=ERROR",
				"--rollout.vault.state-dir=" + dir.resolve("vault"),
				"--rollout.monitoring.state-dir=" + dir.resolve("monitoring"),
				// production's back-off, in the lab's time
				"--rollout.retry-scale=" + SCALE, "--rollout.proxmox.steps.retry-cycle=" + scaled("PT2S,PT10S,PT30S"),
				"--rollout.kubernetes.retry-cycle=" + scaled("PT5S,PT30S,PT2M"),
				"--rollout.waits.retry-backoff=" + scaled("PT10S"),
				"--rollout.proxmox.client.read-timeout=" + scaled("PT30S"),
				"--rollout.vault.request-timeout=" + scaled("PT30S")));
		try (ConfigurableApplicationContext engine = new SpringApplicationBuilder(RolloutApplication.class)
			.profiles("rehearsal", "test")
			.run(args.toArray(String[]::new))) {
			RehearsalLab lab = engine.getBean(RehearsalLab.class);
			ProcessEngine processEngine = engine.getBean(ProcessEngine.class);
			ProcessRuns runs = new ProcessRuns(processEngine).within(Duration.ofMinutes(20))
				.polling(Duration.ofMillis(500));
			ScheduledExecutorService operator = Executors.newSingleThreadScheduledExecutor();
			operator.scheduleWithFixedDelay(() -> {
				try {
					Phase1.moveVaultSharesOffline(processEngine);
				}
				catch (RuntimeException ex) {
					// e.g. the task completed meanwhile; a thrown exception would end the
					// schedule
				}
			}, 20, 20, TimeUnit.MILLISECONDS);
			try {
				lab.reset();
				String id = runs.start("phase-1-foundation", "faults-bench", Map.of());
				// the clock starts at the plan's approval: its review is a person's time,
				// as the gate's
				runs.approvePlan(id);
				Instant start = Instant.now();
				Task gate = runs.awaitTask(id, "approve-phase-1");
				double makespan = Duration.between(start, gate.getCreateTime().toInstant()).toNanos() / 1e9;
				Faults.Retries retries = Faults.count(processEngine, lab.journal());
				System.out.printf(Locale.ROOT, "%-12s makespan %7.2fs; requests %d; %s%n", name, makespan,
						lab.journal().entries().size(), retries);
				runs.complete(gate, Map.of("phase1Decision", "approve"));
				runs.within(Duration.ofMinutes(5)).awaitEnd(id);
				return makespan;
			}
			finally {
				operator.shutdownNow();
			}
		}
	}

	/** A list of ISO durations, each times the scale. */
	static String scaled(String cycle) {
		return String.join(",", List.of(cycle.split(","))
			.stream()
			.map(d -> "PT" + String.format(Locale.ROOT, "%.3f", Duration.parse(d).toMillis() * SCALE / 1000) + "S")
			.toList());
	}

}
