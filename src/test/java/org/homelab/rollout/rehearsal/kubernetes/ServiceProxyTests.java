package org.homelab.rollout.rehearsal.kubernetes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.tls.Certificates;
import okhttp3.tls.HandshakeCertificates;
import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.Latency;
import org.homelab.rollout.rehearsal.RequestJournal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.homelab.rollout.rehearsal.kubernetes.LabFixtures.chart;

/**
 * The lab's API server serves the service proxy as K3s does, to a service account token
 * held to its RBAC: a release of the gitlab-runner chart with the metrics Service on gets
 * the Service the chart names (the release name, as it starts with the chart's), port
 * {@code metrics}; Prometheus's token is refused (403) until a ClusterRole allows
 * {@code services/proxy} on that Service, then gets what the Ready pod's listener
 * answers; with no Ready pod 503 {@code no endpoints available}; an unknown token 401.
 */
class ServiceProxyTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static final String VALUES = """
			concurrent: 2
			metrics:
			  enabled: true
			  portName: metrics
			  port: 9252
			service:
			  enabled: true
			  type: ClusterIP
			runners:
			  secret: %s
			nodeSelector:
			  kubernetes.io/hostname: %s
			""";

	private static KubernetesLab lab;

	private static KubernetesClient admin;

	private static OkHttpClient http;

	@BeforeAll
	static void start() {
		lab = new KubernetesLab(Latency.scaled(0.01), FaultInjector.none(), new RequestJournal()).start()
			.startClusterNow();
		// the runner manager's listener, as the lab's GitLab side plays it
		lab.serve(
				(pod, port,
						path) -> pod.getMetadata().getLabels().get("release").equals("gitlab-runner-gpu")
								&& port == 9252
										? Optional.of(
												new PodServer.Reply(200, "text/plain; version=0.0.4",
														"gitlab_runner_concurrent 2\n# pod "
																+ pod.getMetadata().getName() + " path " + path + "\n"))
										: Optional.empty());
		admin = LabFixtures.productClient(lab);
		HandshakeCertificates trust = new HandshakeCertificates.Builder()
			.addTrustedCertificate(Certificates.decodeCertificatePem(lab.caPem()))
			.build();
		http = new OkHttpClient.Builder().sslSocketFactory(trust.sslSocketFactory(), trust.trustManager()).build();
	}

	@AfterAll
	static void stop() {
		admin.close();
		lab.close();
	}

	@Test
	void prometheusReadsARunnersMetricsThroughTheProxyOnlyWithRbacAndAReadyPod() throws IOException {
		admin.namespaces()
			.resource(new NamespaceBuilder().withNewMetadata().withName("gitlab-runner").endMetadata().build())
			.create();
		admin.resource(chart("gitlab-runner-gpu",
				Map.of("chart", "gitlab-runner", "version", "0.86.0", "repo", "https://charts.gitlab.io",
						"targetNamespace", "gitlab-runner", "valuesContent",
						VALUES.formatted("gitlab-runner-gpu", "k3s-w-1"))))
			.create();
		// no node matches: its pods stay Pending
		admin.resource(chart("gitlab-runner-general",
				Map.of("chart", "gitlab-runner", "version", "0.86.0", "repo", "https://charts.gitlab.io",
						"targetNamespace", "gitlab-runner", "valuesContent",
						VALUES.formatted("gitlab-runner-general", "k3s-nowhere"))))
			.create();
		String token = monitoringAccount();
		String gpu = "/api/v1/namespaces/gitlab-runner/services/gitlab-runner-gpu:metrics/proxy/metrics";
		String general = "/api/v1/namespaces/gitlab-runner/services/gitlab-runner-general:metrics/proxy/metrics";
		await().atMost(WAIT).until(() -> LabFixtures.ready(admin, "gitlab-runner", "gitlab-runner-gpu", 1));

		// the Service as templates/service.yaml of gitlab-runner 0.86.0 makes it
		Service service = admin.services().inNamespace("gitlab-runner").withName("gitlab-runner-gpu").get();
		assertThat(service.getSpec().getPorts()).singleElement().satisfies(port -> {
			assertThat(port.getName()).isEqualTo("metrics");
			assertThat(port.getPort()).isEqualTo(9252);
			assertThat(port.getTargetPort().getStrVal()).isEqualTo("metrics");
		});
		assertThat(service.getSpec().getSelector()).containsEntry("app", "gitlab-runner-gpu")
			.containsEntry("release", "gitlab-runner-gpu");
		assertThat(GitlabRunnerChart.fullname("ci", JsonNodeFactory.instance.objectNode()))
			.isEqualTo("ci-gitlab-runner");

		assertThat(get(gpu, "not-a-token").code()).isEqualTo(401);
		Answer refused = get(gpu, token);
		assertThat(refused.code()).isEqualTo(403);
		assertThat(refused.body()).contains("services \\\"gitlab-runner-gpu:metrics\\\" is forbidden: User "
				+ "\\\"system:serviceaccount:monitoring:prometheus-homelab\\\" cannot get resource "
				+ "\\\"services/proxy\\\" in API group \\\"\\\" in the namespace \\\"gitlab-runner\\\"");

		allowProxy();
		Answer metrics = get(gpu, token);
		assertThat(metrics.code()).as(metrics.body()).isEqualTo(200);
		assertThat(metrics.contentType()).startsWith("text/plain");
		assertThat(metrics.body()).contains("gitlab_runner_concurrent 2", "# pod gitlab-runner-gpu-", "path /metrics");
		Answer none = get(general, token);
		assertThat(none.code()).isEqualTo(503);
		assertThat(none.body()).contains("no endpoints available for service \\\"gitlab-runner-general:metrics\\\"");
		// the role allows the proxy, nothing else
		assertThat(get("/api/v1/namespaces/gitlab-runner/secrets", token).code()).isEqualTo(403);
		assertThat(get("/api/v1/namespaces/gitlab-runner/services/nothing:metrics/proxy/metrics", token).code())
			.isEqualTo(403);

		// uninstalled: the Service goes with the release
		LabFixtures.helmChart(admin, "gitlab-runner-gpu").delete();
		await().atMost(WAIT)
			.until(() -> admin.services().inNamespace("gitlab-runner").withName("gitlab-runner-gpu").get() == null);
		assertThat(get(gpu, token).code()).isEqualTo(404);
	}

	/**
	 * What k3s-monitoring-access makes, but its ClusterRole: the account and its token.
	 */
	private static String monitoringAccount() {
		admin.namespaces()
			.resource(new NamespaceBuilder().withNewMetadata().withName("monitoring").endMetadata().build())
			.create();
		admin.serviceAccounts()
			.inNamespace("monitoring")
			.resource(
					new ServiceAccountBuilder().withNewMetadata().withName("prometheus-homelab").endMetadata().build())
			.create();
		String token = "eyJhbGciOiJSUzI1NiJ9.lab." + System.nanoTime();
		// as the token controller fills it
		admin.secrets()
			.inNamespace("monitoring")
			.resource(new SecretBuilder().withNewMetadata()
				.withName("prometheus-homelab-token")
				.addToAnnotations("kubernetes.io/service-account.name", "prometheus-homelab")
				.endMetadata()
				.withType("kubernetes.io/service-account-token")
				.addToData("token", Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)))
				.build())
			.create();
		return token;
	}

	private static void allowProxy() {
		admin.rbac()
			.clusterRoles()
			.resource(new ClusterRoleBuilder().withNewMetadata()
				.withName("prometheus-homelab")
				.endMetadata()
				.withRules(new PolicyRuleBuilder().withApiGroups("")
					.withResources("services/proxy")
					.withResourceNames(List.of("gitlab-runner-gpu:metrics", "gitlab-runner-general:metrics"))
					.withVerbs("get")
					.build())
				.build())
			.create();
		admin.rbac()
			.clusterRoleBindings()
			.resource(new ClusterRoleBindingBuilder().withNewMetadata()
				.withName("prometheus-homelab")
				.endMetadata()
				.withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "prometheus-homelab")
				.addNewSubject()
				.withKind("ServiceAccount")
				.withName("prometheus-homelab")
				.withNamespace("monitoring")
				.endSubject()
				.build())
			.create();
	}

	private static Answer get(String path, String token) throws IOException {
		try (Response response = http
			.newCall(new Request.Builder().url(lab.url() + path).header("Authorization", "Bearer " + token).build())
			.execute()) {
			return new Answer(response.code(), String.valueOf(response.header("Content-Type")),
					response.body().string());
		}
	}

	private record Answer(int code, String contentType, String body) {
	}

}
