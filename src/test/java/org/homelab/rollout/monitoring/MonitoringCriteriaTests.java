package org.homelab.rollout.monitoring;

import java.nio.file.Files;
import java.nio.file.Path;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.homelab.rollout.criteria.Criterion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana criterion against a mock Grafana: the engine's Viewer token or nothing,
 * never an admin login.
 */
class MonitoringCriteriaTests {

	final MockWebServer grafana = new MockWebServer();

	@TempDir
	Path dir;

	MonitoringCriteria criteria;

	GrafanaViewerToken viewer;

	@BeforeEach
	void start() throws Exception {
		this.grafana.start();
		// the inventory's Grafana address; its requests go to the mock server
		OkHttpClient http = new OkHttpClient.Builder().addInterceptor(chain -> chain.proceed(chain.request()
			.newBuilder()
			.url(chain.request()
				.url()
				.newBuilder()
				.host(this.grafana.getHostName())
				.port(this.grafana.getPort())
				.build())
			.build())).build();
		this.viewer = new GrafanaViewerToken(this.dir.resolve("grafana-viewer-token"));
		this.criteria = new MonitoringCriteria(
				new MonitoringClients(http, null, () -> null, PrometheusConfigTests.properties()),
				new ScrapePlans(PrometheusConfigTests.homelab(), PrometheusConfigTests.properties()),
				PrometheusConfigTests.properties(), this.viewer);
	}

	@AfterEach
	void stop() {
		this.grafana.close();
	}

	@Test
	void withoutAViewerTokenGrafanaIsUnmetAndNoLoginIsTried() throws Exception {
		healthy();

		Criterion criterion = this.criteria.grafanaOperational();

		assertThat(criterion.met()).isFalse();
		assertThat(criterion.result()).contains("no Viewer token", this.viewer.file().toString(),
				"run grafana-admin-to-vault");
		assertThat(this.grafana.takeRequest().getTarget()).isEqualTo("/api/health");
		assertThat(this.grafana.getRequestCount()).isEqualTo(1);
	}

	@Test
	void aRefusedViewerTokenIsUnmetWithoutFallingBackToAdmin() throws Exception {
		this.viewer.store("glsa_revoked");
		healthy();
		this.grafana.enqueue(new MockResponse.Builder().code(401).body("{\"message\":\"Unauthorized\"}").build());

		Criterion criterion = this.criteria.grafanaOperational();

		assertThat(criterion.met()).isFalse();
		assertThat(criterion.result()).contains("refuses the engine's Viewer token");
		this.grafana.takeRequest();
		RecordedRequest user = this.grafana.takeRequest();
		assertThat(user.getTarget()).isEqualTo("/api/user");
		assertThat(user.getHeaders().get("Authorization")).isEqualTo("Bearer glsa_revoked");
		assertThat(this.grafana.getRequestCount()).isEqualTo(2);
	}

	@Test
	void theViewerTokenFileIsOwnerOnly() throws Exception {
		this.viewer.store("glsa_x");
		assertThat(Files.getPosixFilePermissions(this.viewer.file())).extracting(Object::toString)
			.containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
	}

	private void healthy() {
		this.grafana.enqueue(new MockResponse.Builder().code(200).body("{\"database\":\"ok\"}").build());
	}

}
