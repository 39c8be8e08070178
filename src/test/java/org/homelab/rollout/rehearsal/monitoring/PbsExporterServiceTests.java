package org.homelab.rollout.rehearsal.monitoring;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.homelab.rollout.rehearsal.GuestCommand;
import org.homelab.rollout.rehearsal.TestGuest;
import org.homelab.rollout.rehearsal.monitoring.PbsExporterMetricsTests.InMemoryDatastore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The lab's prometheus-pbs-exporter unit: started by systemctl from the unit the engine
 * writes, it reads PBS with the token file's secret on each scrape and serves what the
 * exporter prints.
 */
class PbsExporterServiceTests {

	static final String UNIT = """
			[Unit]
			Description=Prometheus exporter for Proxmox Backup Server

			[Service]
			User=pbs-exporter
			Environment=PBS_ENDPOINT=https://proxmox-backup.homelab.lan:8007
			Environment=PBS_USERNAME=monitoring@pbs
			Environment=PBS_API_TOKEN_NAME=pbs-exporter
			Environment="PBS_API_TOKEN_FILE=/etc/pbs-exporter/token"
			Environment=SSL_CERT_FILE=/etc/proxmox-backup/proxy.pem
			ExecStart=/usr/local/bin/pbs-exporter

			[Install]
			WantedBy=multi-user.target
			""";

	static final String SECRET = "0b9c2a7e-lab-token-secret";

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	/** What the exporter asked PBS: endpoint, token id, secret. */
	private final List<List<String>> asked = new ArrayList<>();

	private final InMemoryDatastore datastore = new InMemoryDatastore(1000, 850);

	private final PbsExporterService service = new PbsExporterService((endpoint, tokenId, secret) -> {
		this.asked.add(List.of(endpoint, tokenId, secret));
		return SECRET.equals(secret) ? Optional
			.of(new PbsExporterService.Reading(PbsExporterMetricsTests.VERSION, Map.of("backup", this.datastore)))
				: Optional.empty();
	});

	@AfterEach
	void stop() {
		this.service.close();
	}

	@Test
	void enabledItServesTheLabPbsAsTheExporterPrintsItAskingWithTheTokenFromItsFile() throws Exception {
		GuestCommand.Guest vm = vm("127.0.10.77", true, SECRET + "\n");
		this.datastore.add(PbsExporterMetricsTests.snapshot(101, "vault", PbsExporterMetricsTests.NIGHT_2, "ok"));

		assertThat(systemctl(vm, "enable", "--now", PbsExporterService.UNIT).exitCode()).isZero();
		HttpResponse<String> scrape = get("http://127.0.10.77:10019/metrics");

		assertThat(scrape.statusCode()).isEqualTo(200);
		assertThat(scrape.headers().firstValue("Content-Type")).contains(PbsExporterMetrics.CONTENT_TYPE);
		assertThat(scrape.body())
			.isEqualTo(PbsExporterMetrics.render(PbsExporterMetricsTests.VERSION, Map.of("backup", this.datastore)));
		assertThat(scrape.body()).contains("pbs_up 1\n", "pbs_used{datastore=\"backup\"} 850\n");
		assertThat(this.asked)
			.containsExactly(List.of("https://proxmox-backup.homelab.lan:8007", "monitoring@pbs!pbs-exporter", SECRET));
		// each scrape reads PBS anew: a backup taken since shows up
		this.datastore.add(PbsExporterMetricsTests.snapshot(102, "gitlab-ce", PbsExporterMetricsTests.NIGHT_2, null));
		assertThat(get("http://127.0.10.77:10019/metrics").body()).contains("vm_id=\"102\"");
		assertThat(get("http://127.0.10.77:10019/").body()).contains("Proxmox Backup Server Exporter");
	}

	@Test
	void aTokenPbsRefusesIsPbsUpZeroOnAnAnsweringExporter() throws Exception {
		GuestCommand.Guest vm = vm("127.0.10.78", true, "revoked\n");

		systemctl(vm, "start", PbsExporterService.UNIT + ".service");

		HttpResponse<String> scrape = get("http://127.0.10.78:10019/metrics");
		assertThat(scrape.statusCode()).isEqualTo(200);
		assertThat(scrape.body()).isEqualTo(PbsExporterMetrics.unreachable());
	}

	@Test
	void withoutItsTokenFileTheExporterDiesAtStartAndNothingListens() {
		GuestCommand.Guest vm = vm("127.0.10.79", true, null);

		assertThat(systemctl(vm, "enable", "--now", PbsExporterService.UNIT).exitCode()).isZero();

		assertThat(this.service.running(vm.vmid())).isFalse();
		assertThatThrownBy(() -> get("http://127.0.10.79:10019/metrics")).isInstanceOf(ConnectException.class);
	}

	@Test
	void withoutTheUnitFileSystemctlFailsAsOnAVm() {
		GuestCommand.Guest vm = vm("127.0.10.80", false, SECRET);

		GuestCommand.Result result = systemctl(vm, "enable", "--now", PbsExporterService.UNIT);

		assertThat(result.exitCode()).isEqualTo(5);
		assertThat(result.stderr()).contains("Unit prometheus-pbs-exporter.service not found");
	}

	@Test
	void stoppingTheUnitOrTheVmEndsIt() throws Exception {
		GuestCommand.Guest vm = vm("127.0.10.81", true, SECRET);
		systemctl(vm, "start", PbsExporterService.UNIT);
		assertThat(get("http://127.0.10.81:10019/metrics").statusCode()).isEqualTo(200);

		systemctl(vm, "stop", PbsExporterService.UNIT);
		assertThatThrownBy(() -> get("http://127.0.10.81:10019/metrics")).isInstanceOf(ConnectException.class);

		systemctl(vm, "restart", PbsExporterService.UNIT);
		assertThat(systemctl(vm, "is-active", PbsExporterService.UNIT).stdout()).isEqualTo("active\n");
		this.service.poweredOff(vm.vmid());
		assertThatThrownBy(() -> get("http://127.0.10.81:10019/metrics")).isInstanceOf(ConnectException.class);
	}

	@Test
	void itHandlesOnlyItsOwnUnit() {
		assertThat(this.service.handles(List.of("systemctl", "enable", "--now", "prometheus-pbs-exporter"))).isTrue();
		assertThat(this.service.handles(List.of("/usr/bin/systemctl", "restart", "prometheus-pbs-exporter.service")))
			.isTrue();
		assertThat(this.service.handles(List.of("systemctl", "restart", "prometheus"))).isFalse();
		assertThat(this.service.handles(List.of("apt-get", "install", "prometheus-pbs-exporter"))).isFalse();
	}

	private GuestCommand.Result systemctl(GuestCommand.Guest vm, String... args) {
		List<String> argv = new ArrayList<>(List.of("systemctl"));
		argv.addAll(List.of(args));
		return this.service.run(vm, argv, "");
	}

	private HttpResponse<String> get(String url) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static GuestCommand.Guest vm(String ip, boolean unit, String token) {
		Map<String, byte[]> files = new ConcurrentHashMap<>();
		if (unit) {
			files.put(PbsExporterService.UNIT_FILE, UNIT.getBytes(StandardCharsets.UTF_8));
		}
		if (token != null) {
			files.put("/etc/pbs-exporter/token", token.getBytes(StandardCharsets.UTF_8));
		}
		InetAddress address = NodeExporters.address(ip);
		int vmid = 100 + Integer.parseInt(ip.substring(ip.lastIndexOf('.') + 1));
		return new TestGuest("proxmox-backup", vmid, address, files);
	}

}
