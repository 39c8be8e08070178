package org.homelab.rollout.phases.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.task.Task;
import org.homelab.rollout.RolloutApplication;
import org.homelab.rollout.phases.Phase1;
import org.homelab.rollout.rehearsal.RehearsalLab;
import org.homelab.rollout.rehearsal.RequestJournal;
import org.homelab.rollout.support.ProcessRuns;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What the later phases' benchmarks share: an engine on the embedded lab at
 * {@code bench.scale} with production wait settings, an operator who moves Vault's key
 * shares offline whenever Phase 1 asks, a phase run to its gate and approved, and the
 * line each run prints.
 */
final class PhaseBench implements AutoCloseable {

	static final double SCALE = Double.parseDouble(System.getProperty("bench.scale", "0.1"));

	static final int RUNS = Integer.getInteger("bench.runs", 2);

	final ConfigurableApplicationContext engine;

	final RehearsalLab lab;

	final ProcessRuns runs;

	private final ScheduledExecutorService operator = Executors.newSingleThreadScheduledExecutor();

	PhaseBench(String name) throws IOException {
		Path dir = Files.createTempDirectory(name + "-bench");
		this.engine = new SpringApplicationBuilder(RolloutApplication.class).profiles("rehearsal", "test")
			.run("--server.port=0", "--rehearsal.latency-scale=" + SCALE, "--logging.level.root=WARN",
					"--rollout.vault.state-dir=" + dir.resolve("vault"),
					"--rollout.monitoring.state-dir=" + dir.resolve("monitoring"));
		this.lab = this.engine.getBean(RehearsalLab.class);
		ProcessEngine processEngine = this.engine.getBean(ProcessEngine.class);
		this.runs = new ProcessRuns(processEngine).within(Duration.ofMinutes(15)).polling(Duration.ofMillis(500));
		this.operator.scheduleWithFixedDelay(() -> {
			try {
				Phase1.moveVaultSharesOffline(processEngine);
			}
			catch (RuntimeException ex) {
				System.out.println("  (operator: " + ex.getMessage() + ")");
			}
		}, 20, 20, TimeUnit.MILLISECONDS);
		System.out.printf(Locale.ROOT, "%s on the rehearsal lab, latency scale %.3f%n", name, SCALE);
	}

	/** The phase models in the plan's order. */
	static final List<String> PHASES = List.of("phase-1-foundation", "phase-2-cicd", "phase-3-gitops",
			"phase-4-backup");

	/**
	 * A fresh lab with the phases before {@code phase} approved in it, and its journal
	 * cleared, so that what the run of {@code phase} asks is all it counts.
	 */
	void earlierPhasesApproved(int phase, int run) {
		this.lab.reset();
		for (int earlier = 1; earlier < phase; earlier++) {
			approved(PHASES.get(earlier - 1), "bench-p" + earlier + "-" + run, earlier);
		}
		this.lab.journal().clear();
	}

	/** Runs phase {@code phase} ({@code key}) to its gate and approves it. */
	void approved(String key, String run, int phase) {
		String id = this.runs.start(key, run, Map.of());
		this.runs.approvePlan(id);
		this.runs.complete(this.runs.awaitTask(id, "approve-phase-" + phase),
				Map.of("phase" + phase + "Decision", "approve"));
		this.runs.within(Duration.ofMinutes(5)).awaitEnd(id);
	}

	/** Seconds from {@code start} to the gate's creation. */
	static double makespan(Instant start, Task gate) {
		return Duration.between(start, gate.getCreateTime().toInstant()).toNanos() / 1e9;
	}

	/** The line of one run: makespan, bound, their ratio and the requests per system. */
	void report(int run, double makespan, double bound) {
		report(run, makespan, bound, requests());
	}

	/** The lab's requests so far, per system. */
	Map<String, Long> requests() {
		return this.lab.journal()
			.entries()
			.stream()
			.collect(Collectors.groupingBy(RequestJournal.Entry::system, TreeMap::new, Collectors.counting()));
	}

	/** The line of one run, with the requests counted when it ended. */
	void report(int run, double makespan, double bound, Map<String, Long> requests) {
		System.out.printf(Locale.ROOT,
				"run %d (%s): makespan %6.2fs, critical-path bound %6.2fs, ratio %.3f; requests: %s%n", run,
				(run == 1) ? "cold" : "warm", makespan, bound, makespan / bound,
				requests.entrySet()
					.stream()
					.map(e -> e.getKey() + " " + e.getValue())
					.collect(Collectors.joining(", ")));
	}

	@Override
	public void close() {
		this.operator.shutdownNow();
		this.engine.close();
	}

}
