package org.homelab.rollout.proxmox.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.spring.components.jobexecutor.SpringJobExecutor;
import org.homelab.rollout.RolloutApplication;
import org.homelab.rollout.rehearsal.RehearsalLab;
import org.homelab.rollout.rehearsal.RequestJournal;
import org.homelab.rollout.support.ProcessRuns;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Prints, for {@code provision-vm} on the embedded lab with the realistic latency table
 * scaled by {@code bench.scale} (default 0.1) and a job executor of {@code bench.threads}
 * (default 4) threads: the makespan of one VM, of {@code bench.vms} (default 50) started
 * at once, their ratio (target <= 1.10), and the peaks of busy job-executor threads, of
 * DB connections in use and of threads waiting for one (Hikari). The inventory plans that
 * many VMs (the start check refuses any other name). The engine uses its production wait
 * settings. Not a test (no assertion, not matched by surefire's *Tests pattern): run
 * {@code bench/load.sh}.
 */
class ProvisionLoadBenchmark {

	static final double SCALE = Double.parseDouble(System.getProperty("bench.scale", "0.1"));

	static final int VMS = Integer.getInteger("bench.vms", 50);

	static final int THREADS = Integer.getInteger("bench.threads", 4);

	/** How many clients start the runs at once (Tomcat's threads would serve them). */
	static final int STARTERS = Integer.getInteger("bench.starters", 8);

	@Test
	void provisionManyVmsAtOnce() throws Exception {
		Path dir = Files.createTempDirectory("load-bench");
		List<String> args = new ArrayList<>(
				List.of("--server.port=0", "--rehearsal.latency-scale=" + SCALE, "--logging.level.root=WARN",
						"--spring.datasource.hikari.maximum-pool-size=" + Integer.getInteger("bench.pool", 10),
						"--camunda.bpm.job-execution.core-pool-size=" + THREADS,
						"--camunda.bpm.job-execution.max-pool-size=" + THREADS,
						"--rollout.vault.state-dir=" + dir.resolve("vault"),
						"--rollout.monitoring.state-dir=" + dir.resolve("monitoring")));
		// the plan's VMs stay planned (the monitoring and Vault settings name two of
		// them);
		// the load's come after them
		List<String> planned = List.of("prometheus:127.0.10.21", "vault:127.0.10.22", "gitlab-ce:127.0.10.23",
				"ansible:127.0.10.24", "proxmox-backup:127.0.10.25");
		List<String> names = new ArrayList<>();
		for (int i = 0; i < planned.size() + VMS; i++) {
			String name = (i < planned.size()) ? planned.get(i).split(":")[0]
					: String.format(Locale.ROOT, "load-%02d", i - planned.size() + 1);
			String address = (i < planned.size()) ? planned.get(i).split(":")[1]
					: "127.0.10." + (100 + i - planned.size());
			String vm = "--inventory.vms[" + i + "].";
			args.addAll(List.of(vm + "name=" + name, vm + "cores=1", vm + "memory-mb=1024", vm + "disk-gb=20",
					vm + "address=" + address));
			if (i >= planned.size()) {
				names.add(name);
			}
		}
		try (ConfigurableApplicationContext engine = new SpringApplicationBuilder(RolloutApplication.class)
			.profiles("rehearsal", "test")
			.run(args.toArray(String[]::new))) {
			RehearsalLab lab = engine.getBean(RehearsalLab.class);
			ProcessEngine processEngine = engine.getBean(ProcessEngine.class);
			HikariPoolMXBean pool = engine.getBean(HikariDataSource.class).getHikariPoolMXBean();
			int maxConnections = engine.getBean(HikariDataSource.class).getMaximumPoolSize();
			ThreadPoolTaskExecutor jobThreads = (ThreadPoolTaskExecutor) engine.getBean(SpringJobExecutor.class)
				.getTaskExecutor();
			System.out.printf(Locale.ROOT,
					"provision-vm under load on the rehearsal lab, latency scale %.3f, job executor %d..%d threads "
							+ "(queue %d), DB pool max %d%n",
					SCALE, jobThreads.getCorePoolSize(), jobThreads.getMaxPoolSize(), jobThreads.getQueueCapacity(),
					maxConnections);
			lab.reset();
			Measured one = provision(processEngine, lab, names.subList(0, 1), jobThreads, pool);
			System.out.println("1 VM:   " + one);
			System.out.println(one.steps());
			lab.reset();
			Measured many = provision(processEngine, lab, names, jobThreads, pool);
			System.out.printf(Locale.ROOT, "%d VMs: %s%n", VMS, many);
			System.out.println(many.steps());
			System.out.printf(Locale.ROOT, "ratio %d VMs / 1 VM: %.3f (target <= 1.10)%n", VMS,
					secs(many.makespan()) / secs(one.makespan()));
		}
	}

	/** What one round measured. */
	record Measured(Duration makespan, Duration starting, Duration slowestRun, int peakJobThreads, int peakConnections,
			int peakAwaitingConnection, long proxmoxRequests, long proxmoxErrors, String steps) {

		@Override
		public String toString() {
			return String.format(Locale.ROOT,
					"makespan %6.2fs (starting them %5.2fs, slowest run %6.2fs); peak busy job threads %d, peak DB connections in use %d, "
							+ "peak threads awaiting a connection %d; proxmox requests %d (%d answered >= 400)",
					secs(this.makespan), secs(this.starting), secs(this.slowestRun), this.peakJobThreads,
					this.peakConnections, this.peakAwaitingConnection, this.proxmoxRequests, this.proxmoxErrors);
		}

	}

	private static Measured provision(ProcessEngine engine, RehearsalLab lab, List<String> names,
			ThreadPoolTaskExecutor jobThreads, HikariPoolMXBean pool) {
		lab.journal().clear();
		AtomicInteger threads = new AtomicInteger();
		AtomicInteger connections = new AtomicInteger();
		AtomicInteger awaiting = new AtomicInteger();
		ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
		sampler.scheduleAtFixedRate(() -> {
			threads.accumulateAndGet(jobThreads.getActiveCount(), Math::max);
			connections.accumulateAndGet(pool.getActiveConnections(), Math::max);
			awaiting.accumulateAndGet(pool.getThreadsAwaitingConnection(), Math::max);
		}, 0, 5, TimeUnit.MILLISECONDS);
		ProcessRuns runs = new ProcessRuns(engine).within(Duration.ofMinutes(15)).polling(Duration.ofMillis(500));
		Instant start = Instant.now();
		// started at once, as CI clients do over REST: one request each, in parallel
		ExecutorService clients = Executors.newFixedThreadPool(STARTERS);
		List<Future<String>> starts = names.stream()
			.map(name -> clients.submit(() -> runs.start("provision-vm", "load-" + name, Map.of("vmName", name))))
			.toList();
		List<String> ids = starts.stream().map(ProvisionLoadBenchmark::get).toList();
		clients.shutdown();
		Duration starting = Duration.between(start, Instant.now());
		ids.forEach(runs::awaitEnd);
		sampler.shutdownNow();
		HistoryService history = engine.getHistoryService();
		List<HistoricProcessInstance> ended = history.createHistoricProcessInstanceQuery()
			.processInstanceIds(java.util.Set.copyOf(ids))
			.list();
		Instant last = ended.stream().map(p -> p.getEndTime().toInstant()).max(Instant::compareTo).orElseThrow();
		Duration slowest = ended.stream()
			.map(p -> Duration.between(p.getStartTime().toInstant(), p.getEndTime().toInstant()))
			.max(Duration::compareTo)
			.orElseThrow();
		List<RequestJournal.Entry> requests = lab.journal().entries("proxmox");
		return new Measured(Duration.between(start, last), starting, slowest, threads.get(), connections.get(),
				awaiting.get(), requests.size(), requests.stream().filter(e -> e.status() >= 400).count(),
				steps(history, ids));
	}

	/**
	 * Where a run's time goes, per step (mean over the runs): how long it took (a wait:
	 * until the poller saw it done) and the gap before it since the step before ended (an
	 * asynchronous step: how long its job waited for a thread of the job executor).
	 */
	static String steps(HistoryService history, List<String> ids) {
		Map<String, List<long[]>> byStep = new java.util.TreeMap<>();
		for (String id : ids) {
			List<org.camunda.bpm.engine.history.HistoricActivityInstance> steps = history
				.createHistoricActivityInstanceQuery()
				.processInstanceId(id)
				.orderByHistoricActivityInstanceStartTime()
				.asc()
				.list();
			java.util.Date previousEnd = null;
			for (org.camunda.bpm.engine.history.HistoricActivityInstance step : steps) {
				if (step.getEndTime() == null) {
					continue;
				}
				long gap = (previousEnd != null) ? step.getStartTime().getTime() - previousEnd.getTime() : 0;
				byStep.computeIfAbsent(step.getActivityId(), k -> new ArrayList<>())
					.add(new long[] { step.getDurationInMillis(), Math.max(0, gap) });
				previousEnd = step.getEndTime();
			}
		}
		StringBuilder out = new StringBuilder("  per step, mean took / gap before (ms):");
		byStep.forEach((step,
				values) -> out.append(String.format(Locale.ROOT, " %s %.0f/%.0f", step,
						values.stream().mapToLong(v -> v[0]).average().orElse(0),
						values.stream().mapToLong(v -> v[1]).average().orElse(0))));
		return out.toString();
	}

	private static String get(Future<String> start) {
		try {
			return start.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex.getCause());
		}
	}

	static double secs(Duration duration) {
		return duration.toNanos() / 1e9;
	}

}
