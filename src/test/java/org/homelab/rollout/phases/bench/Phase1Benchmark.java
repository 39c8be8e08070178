package org.homelab.rollout.phases.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.task.Task;
import org.homelab.rollout.RolloutApplication;
import org.homelab.rollout.phases.Phase1;
import org.homelab.rollout.rehearsal.Latency;
import org.homelab.rollout.rehearsal.RehearsalLab;
import org.homelab.rollout.rehearsal.RequestJournal;
import org.homelab.rollout.rehearsal.proxmox.VmView;
import org.homelab.rollout.support.ProcessRuns;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Prints, for Phase 1 on the embedded lab with the realistic latency table scaled by
 * {@code bench.scale} (default 0.1): the makespan from start to the gate (the automated
 * part; the gate waits for a person), the critical-path bound of the model's dependency
 * graph computed from the lab's simulated operation times, their ratio (target <= 1.05),
 * and the Proxmox, Vault and Kubernetes request counts. The engine runs with its
 * production wait settings. Not a test (no assertion, not matched by surefire's *Tests
 * pattern): run {@code bench/phase-1.sh}.
 */
class Phase1Benchmark {

	static final double SCALE = Double.parseDouble(System.getProperty("bench.scale", "0.1"));

	static final int RUNS = Integer.getInteger("bench.runs", 2);

	@Test
	void phase1() throws Exception {
		Path dir = Files.createTempDirectory("phase-1-bench");
		try (ConfigurableApplicationContext engine = new SpringApplicationBuilder(RolloutApplication.class)
			.profiles("rehearsal", "test")
			.run("--server.port=0", "--rehearsal.latency-scale=" + SCALE, "--logging.level.root=WARN",
					"--rollout.vault.state-dir=" + dir.resolve("vault"),
					"--rollout.monitoring.state-dir=" + dir.resolve("monitoring"))) {
			RehearsalLab lab = engine.getBean(RehearsalLab.class);
			// the makespan is read from the gate's creation time, so the driver may look
			// seldom; the operator answers the one user task on the way at once, with one
			// cheap query a look (a 20 ms poll of the whole process tree took a fifth of
			// the samples of a run, on the engine's two cores)
			ProcessRuns runs = new ProcessRuns(engine.getBean(ProcessEngine.class)).within(Duration.ofMinutes(15))
				.polling(Duration.ofMillis(500));
			ScheduledExecutorService operator = Executors.newSingleThreadScheduledExecutor();
			operator.scheduleWithFixedDelay(() -> {
				try {
					Phase1.moveVaultSharesOffline(engine.getBean(ProcessEngine.class));
				}
				catch (RuntimeException ex) {
					// e.g. the task completed meanwhile; a thrown exception would end the
					// schedule
					System.out.println("  (operator: " + ex.getMessage() + ")");
				}
			}, 20, 20, TimeUnit.MILLISECONDS);
			System.out.printf(Locale.ROOT, "phase-1-foundation on the rehearsal lab, latency scale %.3f%n", SCALE);
			for (int run = 1; run <= RUNS; run++) {
				lab.reset();
				String id = runs.start("phase-1-foundation", "bench-" + run, Map.of());
				// the clock starts at the plan's approval: its review is a person's time,
				// as the gate's
				runs.approvePlan(id);
				Instant start = Instant.now();
				Task gate = runs.awaitTask(id, "approve-phase-1");
				double makespan = Duration.between(start, gate.getCreateTime().toInstant()).toNanos() / 1e9;
				double bound = criticalPath(lab);
				List<RequestJournal.Entry> requests = lab.journal().entries();
				System.out.printf(Locale.ROOT,
						"run %d: makespan %6.2fs, critical-path bound %6.2fs, ratio %.3f; requests: proxmox %d, vault %d,"
								+ " kubernetes %d%n",
						run, makespan, bound, makespan / bound, count(requests, "proxmox"), count(requests, "vault"),
						count(requests, "kubernetes"));
				if (Boolean.getBoolean("bench.timeline")) {
					timeline(engine, id, start);
				}
				runs.complete(gate, Map.of("phase1Decision", "approve"));
				runs.within(Duration.ofMinutes(5)).awaitEnd(id);
			}
			operator.shutdownNow();
			learned(engine);
		}
	}

	/**
	 * What the poller learned of each kind of wait, in the lab's time and as realistic
	 * (divided by the scale).
	 */
	private static void learned(ConfigurableApplicationContext engine) {
		Map<String, List<Long>> took = new TreeMap<>();
		engine.getBean(JdbcTemplate.class)
			.query("SELECT KIND_, TOOK_MS_ FROM ROLLOUT_WAIT_DURATION WHERE VAGUE_ = FALSE", row -> {
				took.computeIfAbsent(row.getString(1), k -> new ArrayList<>()).add(row.getLong(2));
			});
		System.out.println("learned waits (median of the telling ones; realistic = divided by the scale):");
		took.forEach((kind, millis) -> {
			List<Long> sorted = millis.stream().sorted().toList();
			long median = sorted.get((sorted.size() - 1) / 2);
			System.out.printf(Locale.ROOT, "  %-48s %7.2fs  realistic %6.1fs  (%d)%n", kind, median / 1e3,
					median / 1e3 / SCALE, sorted.size());
		});
	}

	/**
	 * Each finished step of the phase and of the processes it called: when it started
	 * after the phase, how long.
	 */
	static void timeline(ConfigurableApplicationContext engine, String id, Instant start) {
		HistoryService history = engine.getBean(HistoryService.class);
		Map<String, String> keys = new HashMap<>();
		keys.put(id, "phase-1-foundation");
		for (Deque<String> parents = new ArrayDeque<>(List.of(id)); !parents.isEmpty();) {
			history.createHistoricProcessInstanceQuery().superProcessInstanceId(parents.pop()).list().forEach(p -> {
				keys.put(p.getId(), p.getProcessDefinitionKey());
				parents.push(p.getId());
			});
		}
		keys.keySet()
			.stream()
			.flatMap(p -> history.createHistoricActivityInstanceQuery().processInstanceId(p).finished().list().stream())
			.sorted(Comparator.comparing(HistoricActivityInstance::getStartTime))
			.filter(a -> a.getDurationInMillis() != null
					&& a.getDurationInMillis() >= Long.getLong("bench.timeline.min", 50))
			.forEach(a -> System.out.printf(Locale.ROOT, "  %-50s at %6.2fs took %6.2fs%n",
					(a.getProcessInstanceId().equals(id) ? "" : "  " + keys.get(a.getProcessInstanceId()) + ":")
							+ a.getActivityId(),
					Duration.between(start, a.getStartTime().toInstant()).toMillis() / 1e3,
					a.getDurationInMillis() / 1e3));
	}

	/**
	 * The longest path through the model's dependency graph, each step costing the lab's
	 * operations for it: 1.1 = max(Prometheus VM, the Helm releases), then the commands
	 * run in that VM until Prometheus started, then the longer of the rest of those
	 * commands and Prometheus' own time from its start to its first scrape of every node
	 * (the real binary's start-up, measured by the lab's exporters; left out where the
	 * simulated one runs); 1.2 = max(Vault VM then its commands then the unseal, the ESO
	 * release); Grafana = the commands its install ran on the frontend VM, or 1.2 if that
	 * ends later, then the commands of its password step (which waits for both).
	 */
	static double criticalPath(RehearsalLab lab) {
		Latency latency = lab.latency();
		List<RequestJournal.Entry> writes = lab.journal()
			.entries()
			.stream()
			.filter(e -> !e.method().equals("GET") && e.status() < 300)
			.toList();
		double helm = writes.stream().anyMatch(e -> e.path().endsWith("/helmcharts"))
				? secs(latency.of("helm.install")) + secs(latency.of("helm.pod-boot")) : 0;
		double prometheus = Math.max(vm(lab, writes, "prometheus"), helm) + prometheusUntilAllNodesScraped(lab);
		double vault = Math.max(vm(lab, writes, "vault") + guest(lab, "vault") + secs(latency.of("vault.unseal")),
				helm);
		// Grafana's password step starts once 1.2 is done (its store created) and runs
		// its
		// commands in the frontend VM after everything Grafana's install ran there
		Instant storeCreated = writes.stream()
			.filter(e -> e.method().equals("POST") && e.path().endsWith("/clustersecretstores"))
			.map(RequestJournal.Entry::at)
			.findFirst()
			.orElse(Instant.MAX);
		double frontendBefore = vmid(lab, "frontend").map(vmid -> secs(lab.proxmox().guestTime(vmid, storeCreated)))
			.orElse(0.0);
		double grafana = Math.max(frontendBefore, vault) + guest(lab, "frontend") - frontendBefore;
		return Math.max(Math.max(prometheus, vault), grafana);
	}

	/**
	 * Commands in the Prometheus VM until Prometheus started, then the longer of the rest
	 * and its first scrape.
	 */
	static double prometheusUntilAllNodesScraped(RehearsalLab lab) {
		Optional<Integer> vmid = vmid(lab, "prometheus");
		Optional<Instant> started = vmid.flatMap(v -> lab.monitoring().prometheus().startedAt(v));
		Optional<Duration> firstScrape = vmid.flatMap(v -> lab.monitoring().startToAllNodesScraped(v));
		if (started.isEmpty() || firstScrape.isEmpty()) {
			System.out.println(
					"  (no real Prometheus, or it did not scrape every node: its start-up is left out of the bound)");
			return guest(lab, "prometheus");
		}
		double before = secs(lab.proxmox().guestTime(vmid.get(), started.get()));
		System.out.printf(Locale.ROOT, "  Prometheus' own time from its start to scraping every node: %.2fs%n",
				secs(firstScrape.get()));
		return before + Math.max(secs(firstScrape.get()), guest(lab, "prometheus") - before);
	}

	/**
	 * The real Prometheus' own time from the phase's reload to its first good scrape of
	 * every new target (its discovery throttle), which await-targets waits out; 0 where
	 * the simulated one runs or nothing new was scraped.
	 */
	static double prometheusReloadToNewTargetsScraped(RehearsalLab lab) {
		Optional<Duration> discovery = vmid(lab, "prometheus")
			.flatMap(vmid -> lab.monitoring().reloadToNewTargetsScraped(vmid));
		if (discovery.isEmpty()) {
			System.out
				.println("  (no real Prometheus, or no new target scraped after its reload: left out of the bound)");
			return 0;
		}
		System.out.printf(Locale.ROOT, "  Prometheus' own time from its reload to scraping every new target: %.2fs%n",
				secs(discovery.get()));
		return secs(discovery.get());
	}

	/**
	 * Clone, configure, resize, start and boot of the named VM, if this run created it.
	 */
	static double vm(RehearsalLab lab, List<RequestJournal.Entry> writes, String name) {
		Optional<Integer> vmid = vmid(lab, name);
		if (vmid.isEmpty()
				|| writes.stream().noneMatch(e -> e.path().endsWith("/qemu/" + vmid.get() + "/status/start"))) {
			return 0;
		}
		Latency l = lab.latency();
		return secs(l.of("proxmox.clone")) + secs(l.of("proxmox.config")) + secs(l.of("proxmox.resize"))
				+ secs(l.of("proxmox.start")) + secs(l.of("proxmox.boot"));
	}

	/** The simulated time of every command run in the named VM. */
	static double guest(RehearsalLab lab, String name) {
		return vmid(lab, name).map(vmid -> secs(lab.proxmox().guestTime(vmid))).orElse(0.0);
	}

	static Optional<Integer> vmid(RehearsalLab lab, String name) {
		return lab.proxmox().vms().stream().filter(vm -> name.equals(vm.name())).map(VmView::vmid).findFirst();
	}

	static long count(List<RequestJournal.Entry> requests, String system) {
		return requests.stream().filter(e -> e.system().equals(system)).count();
	}

	static double secs(Duration duration) {
		return duration.toNanos() / 1e9;
	}

}
