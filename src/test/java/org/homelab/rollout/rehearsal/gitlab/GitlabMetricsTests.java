package org.homelab.rollout.rehearsal.gitlab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.homelab.rollout.rehearsal.RehearsalLab;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the lab's GitLab serves Prometheus, as Omnibus does with the settings of
 * deploy/gitlab/gitlab.rb.template: gitlab-exporter and the node exporter on the VM's
 * address only when gitlab.rb opens them, Rails' /-/metrics on the web port for the
 * monitoring allow-list only, in the text format, with values that move.
 */
class GitlabMetricsTests {

	/** The monitoring part of deploy/gitlab/gitlab.rb.template, filled in. */
	static final String MONITORED = """
			external_url 'https://gitlab.homelab.lan'
			prometheus['enable'] = false
			alertmanager['enable'] = false
			gitlab_rails['monitoring_whitelist'] = ['127.0.0.0/8', '127.0.10.21/32']
			gitlab_exporter['enable'] = true
			gitlab_exporter['listen_address'] = '0.0.0.0'
			gitlab_exporter['listen_port'] = '9168'
			node_exporter['enable'] = true
			node_exporter['listen_address'] = '0.0.0.0:9100'
			""";

	static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@TempDir
	static Path dir;

	private static RehearsalLab lab;

	@BeforeAll
	static void start() {
		lab = Omnibus.lab(dir);
	}

	@AfterAll
	static void stop() {
		lab.close();
	}

	@Test
	void theTemplatesSettingsServeRailsMetricsTheExporterAndTheNodeExporterWithMovingValues() {
		lab.proxmox().seedRunningVm(131, "gitlab-ce", "127.0.10.41");
		GitlabVm vm = new GitlabVm(lab, 131, "127.0.10.41");
		Omnibus.install(vm, MONITORED);
		GitlabLab gitlab = lab.gitlab().lab(131).orElseThrow();

		// nginx answers while Puma boots: Prometheus sees the Rails target down
		assertThat(get("http://127.0.10.41/-/metrics").statusCode()).isEqualTo(502);
		await().atMost(Duration.ofSeconds(20)).until(gitlab::ready);

		HttpResponse<String> rails = get("http://127.0.10.41/-/metrics");
		assertThat(rails.statusCode()).isEqualTo(200);
		assertThat(rails.headers().firstValue("Content-Type"))
			.hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
		assertThat(rails.body()).contains("# TYPE http_requests_total counter",
				"# TYPE gitlab_rails_boot_time_seconds gauge", "puma_running_workers 2", "deployments{version=");
		// reconfigure and boot as the lab timed them
		assertThat(rails.body()).containsPattern("(?m)^gitlab_rails_boot_time_seconds [1-9][0-9.]*$");
		double before = requests(rails.body(), "get", 502);
		vm.call("GET", "/api/v4/version", null, null);
		vm.call("GET", "/users/sign_in", null, null);
		double after = requests(get("http://127.0.10.41/-/metrics").body(), "get", 200);
		assertThat(before).isEqualTo(1.0);
		assertThat(after).as("each answered request counted").isGreaterThanOrEqualTo(2.0);

		HttpResponse<String> exporter = get("http://127.0.10.41:9168/metrics");
		assertThat(exporter.statusCode()).isEqualTo(200);
		assertThat(exporter.body()).contains("sidekiq_jobs_processed_total",
				"gitlab_database_rows{query_name=\"projects\"} 0");
		assertThat(get("http://127.0.10.41:9168/other").statusCode()).isEqualTo(404);
		HttpResponse<String> node = get("http://127.0.10.41:9100/metrics");
		assertThat(node.body()).contains("node_cpu_seconds_total{cpu=\"0\",mode=\"idle\"}",
				"node_uname_info{nodename=\"gitlab-ce\"");

		// gone with the VM, as the rest of GitLab
		vm.powerOff();
		await().atMost(Duration.ofSeconds(20)).until(() -> !listening("127.0.10.41", 9168));
		assertThat(listening("127.0.10.41", 9100)).isFalse();
	}

	@Test
	void bundledMonitoringOffTurnsTheExportersOffAndALocalListenAddressKeepsThemFromPrometheus() {
		lab.proxmox().seedRunningVm(132, "gitlab-ce", "127.0.10.42");
		GitlabVm off = new GitlabVm(lab, 132, "127.0.10.42");
		Omnibus.install(off, Omnibus.GITLAB_RB);
		assertThat(listening("127.0.10.42", 9168)).as("prometheus_monitoring['enable'] = false").isFalse();
		assertThat(listening("127.0.10.42", 9100)).isFalse();

		lab.proxmox().seedRunningVm(133, "gitlab-ce", "127.0.10.43");
		GitlabVm local = new GitlabVm(lab, 133, "127.0.10.43");
		Omnibus.install(local, "external_url 'http://gitlab.homelab.lan'\n"
				+ "gitlab_exporter['listen_address'] = 'localhost'\nnode_exporter['listen_address'] = 'localhost:9100'\n");
		assertThat(listening("127.0.10.43", 9168)).as("Omnibus's default: localhost only").isFalse();
		assertThat(listening("127.0.10.43", 9100)).isFalse();
	}

	@Test
	void railsMetricsAnswerOnlyTheMonitoringAllowList() {
		lab.proxmox().seedRunningVm(134, "gitlab-ce", "127.0.10.44");
		GitlabVm vm = new GitlabVm(lab, 134, "127.0.10.44");
		Omnibus.install(vm, "external_url 'http://gitlab.homelab.lan'\n"
				+ "gitlab_rails['monitoring_whitelist'] = ['10.0.10.30/32']\n");
		await().atMost(Duration.ofSeconds(20)).until(() -> lab.gitlab().lab(134).orElseThrow().ready());
		assertThat(get("http://127.0.10.44/-/metrics").statusCode()).isEqualTo(404);
	}

	static double requests(String metrics, String method, int status) {
		Matcher line = Pattern
			.compile("(?m)^http_requests_total\\{method=\"" + method + "\",status=\"" + status + "\"} (\\S+)$")
			.matcher(metrics);
		return line.find() ? Double.parseDouble(line.group(1)) : 0;
	}

	static HttpResponse<String> get(String url) {
		try {
			return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
					HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static boolean listening(String host, int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
