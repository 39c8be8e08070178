package org.homelab.rollout.rehearsal.monitoring;

import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.homelab.rollout.rehearsal.GuestCommand;
import org.homelab.rollout.rehearsal.TestGuest;
import org.homelab.rollout.rehearsal.monitoring.PbsExporterMetricsTests.InMemoryDatastore;
import org.homelab.rollout.support.Tool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real Prometheus scraping the lab's PBS exporter with the shipped backup rules: the
 * rendered text is ingested, and the rules' label matching finds the guests and
 * datastores it describes.
 */
class PbsExporterScrapeTests {

	static final String PROMETHEUS = "127.0.10.93";

	static final String PBS = "127.0.10.94";

	static final ObjectMapper JSON = new ObjectMapper();

	@TempDir
	Path dir;

	private final List<AutoCloseable> running = new ArrayList<>();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	@AfterEach
	void stop() throws Exception {
		for (AutoCloseable closeable : this.running) {
			closeable.close();
		}
	}

	@Test
	void prometheusIngestsTheExporterAndTheBackupRulesSeeAnOldBackupAFailedVerifyAndAFullDatastore() throws Exception {
		Tool.PROMETHEUS.require("the real Prometheus scraping the lab's PBS exporter with the backup rules is");
		Instant now = Instant.now();
		InMemoryDatastore store = new InMemoryDatastore(1000, 850);
		// 101: backed up and verified an hour ago; 102: last backup 30 h ago, verified;
		// 103: its newest snapshot failed its verify
		store.add(PbsExporterMetricsTests.snapshot(101, "vault", now.minus(Duration.ofHours(1)), "ok"));
		store.add(PbsExporterMetricsTests.snapshot(102, "gitlab-ce", now.minus(Duration.ofHours(30)), "ok"));
		store.add(PbsExporterMetricsTests.snapshot(103, "prometheus", now.minus(Duration.ofHours(2)), "failed"));
		PbsExporterService exporter = new PbsExporterService((endpoint, tokenId, secret) -> Optional
			.of(new PbsExporterService.Reading(PbsExporterMetricsTests.VERSION, Map.of("backup", store))));
		this.running.add(exporter);
		GuestCommand.Guest pbs = guest("proxmox-backup", 125, PBS);
		pbs.files().put(PbsExporterService.UNIT_FILE, PbsExporterServiceTests.UNIT.getBytes(StandardCharsets.UTF_8));
		pbs.files().put("/etc/pbs-exporter/token", "lab-secret\n".getBytes(StandardCharsets.UTF_8));
		assertThat(exporter.run(pbs, List.of("systemctl", "enable", "--now", PbsExporterService.UNIT), "").exitCode())
			.isZero();

		PrometheusService prometheus = new PrometheusService(this.dir, () -> {
		});
		this.running.add(prometheus);
		GuestCommand.Guest vm = guest("prometheus", 121, PROMETHEUS);
		vm.files().put("/usr/bin/prometheus", new byte[0]);
		vm.files().put("/etc/prometheus/prometheus.yml", ("""
				global:
				  scrape_interval: 1s
				  evaluation_interval: 1s
				rule_files:
				  - rules/*.rules.yml
				scrape_configs:
				  - job_name: proxmox-backup
				    static_configs:
				      - targets: ['%s:10019']
				""".formatted(PBS)).getBytes(StandardCharsets.UTF_8));
		vm.files()
			.put("/etc/prometheus/rules/backup.rules.yml",
					Files.readAllBytes(Path.of("deploy/prometheus/rules/backup.rules.yml")));
		assertThat(prometheus.run(vm, List.of("systemctl", "start", "prometheus"), "").exitCode()).isZero();

		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofSeconds(1))
			.ignoreExceptions()
			.until(() -> pending().containsAll(List.of("ProxmoxBackupTooOld backup 102",
					"ProxmoxBackupVerifyFailed backup 103", "ProxmoxBackupDatastoreFull backup ")));
		// each waits out its for:, so pending; only 103's newest snapshot failed
		assertThat(pending()).filteredOn(alert -> alert.startsWith("ProxmoxBackupVerifyFailed"))
			.containsExactly("ProxmoxBackupVerifyFailed backup 103");
		// until the subquery's first 5-minute step after the start, every guest counts as
		// without a good backup (pending, and gone long before its 30 minutes); the join
		// it reads finds the verified ones by the exporter's labels
		assertThat(query("pbs_snapshot_vm_last_timestamp{job=\"proxmox-backup\"} and on(instance, datastore, "
				+ "namespace, vm_id) pbs_snapshot_vm_last_verify{job=\"proxmox-backup\"} == 1"))
			.extracting(series -> series.path("metric").path("vm_id").asText())
			.containsExactlyInAnyOrder("101", "102");
		assertThat(query("pbs_up{job=\"proxmox-backup\"}")).singleElement()
			.satisfies(series -> assertThat(series.path("value").get(1).asText()).isEqualTo("1"));
		assertThat(query("pbs_snapshot_vm_last_timestamp{vm_id=\"102\"}")).singleElement()
			.satisfies(series -> assertThat(series.path("value").get(1).asLong())
				.isEqualTo(now.minus(Duration.ofHours(30)).getEpochSecond()));
	}

	/** Pending alerts: name, datastore, vm_id. */
	private List<String> pending() throws Exception {
		List<String> alerts = new ArrayList<>();
		get("/api/v1/alerts").path("data")
			.path("alerts")
			.forEach(alert -> alerts.add(alert.path("labels").path("alertname").asText() + " "
					+ alert.path("labels").path("datastore").asText() + " "
					+ alert.path("labels").path("vm_id").asText()));
		return alerts;
	}

	private List<JsonNode> query(String promql) throws Exception {
		List<JsonNode> series = new ArrayList<>();
		get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)).path("data")
			.path("result")
			.forEach(series::add);
		return series;
	}

	private JsonNode get(String path) throws Exception {
		HttpResponse<String> response = this.http
			.send(HttpRequest.newBuilder(URI.create("http://" + PROMETHEUS + ":9090" + path))
				.timeout(Duration.ofSeconds(5))
				.build(), HttpResponse.BodyHandlers.ofString());
		return JSON.readTree(response.body());
	}

	private static GuestCommand.Guest guest(String name, int vmid, String ip) {
		Map<String, byte[]> files = new ConcurrentHashMap<>();
		InetAddress address = NodeExporters.address(ip);
		return new TestGuest(name, vmid, address, files);
	}

}
