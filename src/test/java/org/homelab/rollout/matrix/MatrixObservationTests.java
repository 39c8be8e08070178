package org.homelab.rollout.matrix;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.homelab.rollout.monitoring.GrafanaViewerToken;
import org.homelab.rollout.monitoring.MonitoringClients;
import org.homelab.rollout.monitoring.PrometheusConfigTests;
import org.homelab.rollout.monitoring.ScrapePlans;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the matrix check asks the live systems, per phase (Prometheus is a mock server
 * answering its HTTP API; Vault a lookup of paths): Phase 1 asks neither Vault nor the
 * runners' series, so a homelab without GitLab passes its gate as before; Phase 2 asks
 * both, and a Vault that cannot be asked makes only its cells unmet.
 */
class MatrixObservationTests {

	final MockWebServer prometheus = new MockWebServer();

	final List<String> asked = new ArrayList<>();

	@TempDir
	Path state;

	MatrixObservation observation;

	MatrixObservation vaultDown;

	@BeforeEach
	void start() throws Exception {
		this.prometheus.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				String path = request.getUrl().encodedPath();
				String data = switch (path) {
					case "/api/v1/targets" -> "{\"activeTargets\":[{\"labels\":{\"job\":\"gitlab\",\"instance\":"
							+ "\"192.168.1.23:80\"},\"health\":\"up\",\"lastError\":\"\"}]}";
					case "/api/v1/rules" -> "{\"groups\":[{\"name\":\"homelab-gitlab\",\"rules\":[{\"name\":"
							+ "\"GitLabCEDown\",\"state\":\"inactive\",\"health\":\"ok\",\"alerts\":[]}]}]}";
					case "/api/v1/query" -> "{\"resultType\":\"vector\",\"result\":[{\"metric\":{\"runner\":"
							+ "\"gitlab-runner-gpu\"},\"value\":[1765000000.1,\"7\"]}]}";
					default -> null;
				};
				return (data == null) ? new MockResponse.Builder().code(404).build()
						: new MockResponse.Builder().code(200)
							.addHeader("Content-Type", "application/json")
							.body("{\"status\":\"success\",\"data\":" + data + "}")
							.build();
			}
		});
		this.prometheus.start();
		// the planned Prometheus address is the inventory's; its requests go to the mock
		OkHttpClient http = new OkHttpClient.Builder().addInterceptor(chain -> chain.proceed(chain.request()
			.newBuilder()
			.url(chain.request()
				.url()
				.newBuilder()
				.host(this.prometheus.getHostName())
				.port(this.prometheus.getPort())
				.build())
			.build())).build();
		MonitoringClients clients = new MonitoringClients(http, null, () -> null, PrometheusConfigTests.properties());
		ScrapePlans plans = new ScrapePlans(PrometheusConfigTests.homelab(), PrometheusConfigTests.properties());
		GrafanaViewerToken viewer = new GrafanaViewerToken(this.state.resolve("no-token"));
		this.observation = new MatrixObservation(clients, plans, viewer, path -> {
			this.asked.add(path);
			return path.startsWith("gitlab/runner");
		});
		this.vaultDown = new MatrixObservation(clients, plans, viewer, path -> {
			throw new IllegalStateException(
					"GET https://127.0.10.22:8200/v1/homelab/metadata/services/" + path + ": Vault is sealed");
		});
	}

	@AfterEach
	void stop() {
		this.prometheus.close();
	}

	@Test
	void phaseOneAsksNeitherVaultNorTheRunnersSeries() throws Exception {
		MatrixCheck.Observed observed = this.observation.observe(1);
		assertThat(this.asked).isEmpty();
		assertThat(observed.credentials()).isNull();
		assertThat(observed.runnerRequests()).isNull();
		assertThat(requestedPaths()).noneMatch(path -> path.startsWith("/api/v1/query"));
	}

	@Test
	void phaseTwoAsksVaultForEveryGitlabCredentialByPathAndPrometheusForTheRunnersRequests() throws Exception {
		MatrixCheck.Observed observed = this.observation.observe(2);
		assertThat(this.asked).containsExactlyInAnyOrder("gitlab/root-password", "gitlab/engine-token",
				"gitlab/runner-gpu", "gitlab/runner-general");
		assertThat(observed.runnerRequests()).containsEntry("gitlab-runner-gpu", 7.0);
		String table = new MatrixCheck(IntegrationMatrix.PLAN).check(2, observed).table();
		assertThat(table).contains(
				"GitLab CE \u2705 Vault: NOT MET (not in Vault: [gitlab/root-password, " + "gitlab/engine-token])",
				"GitLab Runner \u2705 Vault: MET (credentials in Vault [gitlab/runner-gpu, gitlab/runner-general])",
				"GitLab Runner \u2705 GitLab CE: MET (runners asking GitLab for jobs [gitlab-runner-gpu])",
				"GitLab CE \u2705 Grafana: NOT MET (Grafana not asked: the engine has no Viewer token");
	}

	@Test
	void phaseThreeAlsoAsksVaultForArgocdsAndAnsiblesCredentialsAndJudgesTheirCells() throws Exception {
		MatrixCheck.Observed observed = this.observation.observe(3);
		assertThat(this.asked).containsExactlyInAnyOrder("gitlab/root-password", "gitlab/engine-token",
				"gitlab/runner-gpu", "gitlab/runner-general", "argocd/admin-password", "ansible/proxmox-token",
				"ansible/gitlab-deploy-token");
		String table = new MatrixCheck(IntegrationMatrix.PLAN).check(3, observed).table();
		// this Prometheus has no Argo CD target and no ansible VM: unmet, saying so
		assertThat(table).contains("ArgoCD \u2705 Prometheus: NOT MET (no target of job argocd",
				"ArgoCD \u2705 Vault: NOT MET (not in Vault: [argocd/admin-password])",
				"Ansible \u2705 Prometheus: NOT MET (no target of job node (group ansible)",
				"ArgoCD \u2705 Grafana: NOT MET (Grafana not asked: the engine has no Viewer token",
				"Proxmox Backup \u2705 Vault: comes with Phase 4");
		assertThat(requestedPaths()).contains("/api/v1/targets", "/api/v1/rules");
	}

	@Test
	void aVaultThatCannotBeAskedMakesOnlyItsCellsUnmetSayingWhy() {
		MatrixCheck.Observed observed = this.vaultDown.observe(2);
		assertThat(observed.credentials()).isNull();
		assertThat(observed.targets()).isNotEmpty();
		assertThat(new MatrixCheck(IntegrationMatrix.PLAN).check(2, observed).table())
			.contains("GitLab CE \u2705 Vault: NOT MET (Vault not asked: GET https://127.0.10.22:8200/v1/homelab/"
					+ "metadata/services/gitlab/")
			.contains("Vault is sealed");
	}

	private List<String> requestedPaths() throws InterruptedException {
		List<String> paths = new ArrayList<>();
		for (int i = this.prometheus.getRequestCount(); i > 0; i--) {
			RecordedRequest request = this.prometheus.takeRequest();
			paths.add(request.getUrl().encodedPath());
		}
		return paths;
	}

}
