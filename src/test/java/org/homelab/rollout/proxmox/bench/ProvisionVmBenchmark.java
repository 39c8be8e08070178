package org.homelab.rollout.proxmox.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.homelab.rollout.RolloutApplication;
import org.homelab.rollout.rehearsal.Latency;
import org.homelab.rollout.rehearsal.RequestJournal;
import org.homelab.rollout.rehearsal.proxmox.ProxmoxLab;
import org.homelab.rollout.rehearsal.proxmox.ProxmoxLabSettings;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.awaitility.Awaitility.await;

/**
 * Prints, for one VM provisioned on a lab with the realistic latency table scaled by
 * {@code bench.scale} (default 0.1): Proxmox requests per VM and makespan / sum of the
 * simulated operation times the run had to wait for. The engine's waits are production's
 * ({@code rollout.waits.*} defaults) scaled by the same factor, then a tuned variant. Not
 * a test (no assertion, not matched by surefire's *Tests pattern): run
 * {@code bench/proxmox-provision.sh}.
 */
class ProvisionVmBenchmark {

	static final double SCALE = Double.parseDouble(System.getProperty("bench.scale", "0.1"));

	static final int RUNS = Integer.getInteger("bench.runs", 3);

	/**
	 * -Dbench.timeline=true prints every request with its offset from the run's start.
	 */
	static final boolean TIMELINE = Boolean.getBoolean("bench.timeline");

	/** -Dbench.profiles=production runs only the production waits. */
	static final String PROFILES = System.getProperty("bench.profiles", "production,tuned");

	@Test
	void provisionOneVm() throws Exception {
		Latency latency = Latency.scaled(SCALE);
		RequestJournal journal = new RequestJournal();
		try (ProxmoxLab lab = new ProxmoxLab(ProxmoxLabSettings.defaults().withLatency(latency).withJournal(journal))) {
			lab.start();
			Path token = Files.writeString(Files.createTempFile("bench-token", ""),
					ProxmoxLabSettings.DEFAULT_TOKEN_SECRET);
			System.out.printf(Locale.ROOT,
					"provision-vm on the rehearsal lab, latency scale %.3f (clone %.1fs, boot %.1fs)%n", SCALE,
					secs(latency.of("proxmox.clone")), secs(latency.of("proxmox.boot")));
			if (PROFILES.contains("production")) {
				profile("production waits (1s..30s, scaled)", lab, journal, latency, token, 1.0, 30.0);
			}
			if (PROFILES.contains("tuned")) {
				profile("tuned waits (1s..8s, scaled)", lab, journal, latency, token, 1.0, 8.0);
			}
		}
	}

	private void profile(String name, ProxmoxLab lab, RequestJournal journal, Latency latency, Path token,
			double initialBackoff, double maxBackoff) {
		List<String> args = new ArrayList<>(List.of("--inventory.proxmox.url=" + lab.url(),
				"--inventory.proxmox.fingerprint=" + lab.fingerprintSha256(),
				"--inventory.proxmox.token-secret-file=" + token, "--rehearsal.embedded=false", "--server.port=0",
				"--rollout.waits.typical-scale=" + latency.scale(), "--rollout.waits.poll-interval=" + millis(0.2),
				"--rollout.waits.initial-backoff=" + millis(initialBackoff),
				"--rollout.waits.max-backoff=" + millis(maxBackoff), "--logging.level.root=WARN"));
		try (ConfigurableApplicationContext engine = new SpringApplicationBuilder(RolloutApplication.class)
			.profiles("rehearsal", "test")
			.run(args.toArray(String[]::new))) {
			RuntimeService runtime = engine.getBean(RuntimeService.class);
			HistoryService history = engine.getBean(HistoryService.class);
			for (int run = 1; run <= RUNS; run++) {
				lab.reset();
				journal.clear();
				Instant start = Instant.now();
				String id = runtime.startProcessInstanceByKey("provision-vm", "bench-" + run, Map.of("vmName", "vault"))
					.getId();
				await().atMost(Duration.ofMinutes(10))
					.pollInterval(Duration.ofMillis(5))
					.until(() -> history.createHistoricProcessInstanceQuery()
						.processInstanceId(id)
						.finished()
						.count() == 1);
				Duration makespan = Duration.between(start,
						history.createHistoricProcessInstanceQuery()
							.processInstanceId(id)
							.singleResult()
							.getEndTime()
							.toInstant());
				List<RequestJournal.Entry> requests = journal.entries("proxmox");
				double simulated = simulated(requests, latency);
				System.out.printf(Locale.ROOT,
						"%-36s run %d: %2d requests per VM (%s), makespan %6.2fs, simulated operations %6.2fs, ratio %.3f%n",
						name, run, requests.size(), breakdown(requests), secs(makespan), simulated,
						secs(makespan) / simulated);
				if (TIMELINE) {
					requests.forEach(e -> System.out.printf(Locale.ROOT, "timeline %8.3fs %d %s %s%n",
							secs(Duration.between(start, e.at())), e.status(), e.method(), e.path()));
				}
			}
		}
	}

	/**
	 * The operations the run waited for, from the journal: clone, async config, resize,
	 * start, and the boot.
	 */
	static double simulated(List<RequestJournal.Entry> requests, Latency latency) {
		double total = 0;
		for (RequestJournal.Entry e : requests) {
			if (e.status() != 200 || e.method().equals("GET")) {
				continue;
			}
			String path = e.path();
			if (path.endsWith("/clone")) {
				total += secs(latency.of("proxmox.clone"));
			}
			else if (path.endsWith("/resize")) {
				total += secs(latency.of("proxmox.resize"));
			}
			else if (path.endsWith("/config") && e.method().equals("POST")) {
				total += secs(latency.of("proxmox.config"));
			}
			else if (path.endsWith("/status/start")) {
				total += secs(latency.of("proxmox.start")) + secs(latency.of("proxmox.boot"));
			}
		}
		return total;
	}

	static String breakdown(List<RequestJournal.Entry> requests) {
		Map<String, Long> counts = new java.util.TreeMap<>();
		for (RequestJournal.Entry e : requests) {
			String path = e.path()
				.replaceAll("UPID:[^/]*", "{upid}")
				.replaceAll("/\\d+", "/{id}")
				.replace("/api2/json", "");
			counts.merge(e.method() + " " + path.replaceAll(".*/(qemu|tasks|cluster)/?", "$1/"), 1L, Long::sum);
		}
		return counts.toString();
	}

	static String millis(double seconds) {
		return Math.max(1, Math.round(seconds * SCALE * 1000)) + "ms";
	}

	static double secs(Duration duration) {
		return duration.toNanos() / 1e9;
	}

}
