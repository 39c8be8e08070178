package org.homelab.rollout.rehearsal.kubernetes;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.Latency;
import org.homelab.rollout.rehearsal.RequestJournal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class KubernetesLabTests {

	private static final RequestJournal journal = new RequestJournal();

	private static KubernetesLab lab;

	private static KubernetesClient client;

	@BeforeAll
	static void start() {
		lab = new KubernetesLab(Latency.scaled(0.01), FaultInjector.none(), journal).start();
		// the product's way in: a client from the kubeconfig, verifying the server against its CA data
		client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(lab.kubeconfig())).build();
	}

	@AfterAll
	static void stop() {
		client.close();
		lab.close();
	}

	@BeforeEach
	void reset() {
		lab.reset();
		journal.clear();
	}

	static GenericKubernetesResource chart(String name, Map<String, Object> spec) {
		return new GenericKubernetesResourceBuilder().withApiVersion("helm.cattle.io/v1").withKind("HelmChart")
			.withNewMetadata().withName(name).withNamespace("kube-system").endMetadata()
			.addToAdditionalProperties("spec", spec).build();
	}

	static Resource<GenericKubernetesResource> helmChart(String name) {
		return client.genericKubernetesResources(HelmController.HELM_CHARTS).inNamespace("kube-system").withName(name);
	}

	static Job job(String name) {
		return client.batch().v1().jobs().inNamespace("kube-system").withName(name).get();
	}

	static boolean hasCondition(Job job, String type) {
		return job != null && job.getStatus() != null && job.getStatus().getConditions().stream()
			.anyMatch(c -> c.getType().equals(type) && c.getStatus().equals("True"));
	}

	@Test
	void kubeconfigTrustsTheServerCertificateAndCarriesABearerToken() {
		assertThat(lab.kubeconfig()).contains("certificate-authority-data: ", "server: " + lab.url(), "token: ")
			.doesNotContain("insecure-skip-tls-verify");
		Config config = Config.fromKubeconfig(lab.kubeconfig());
		assertThat(config.isTrustCerts()).isFalse();
		assertThat(client.getKubernetesVersion().getGitVersion()).isEqualTo("v1.33.5+k3s1");
	}

	@Test
	void seedsThePlansNodesReadyWithTheGpuOnTheFirstWorker() {
		List<Node> nodes = client.nodes().list().getItems();
		assertThat(nodes).extracting(n -> n.getMetadata().getName()).containsExactlyInAnyOrder("k3s-cp-1", "k3s-w-1",
				"k3s-w-2");
		Node gpu = client.nodes().withName("k3s-w-1").get();
		assertThat(gpu.getStatus().getCapacity().get("nvidia.com/gpu").getAmount()).isEqualTo("1");
		assertThat(gpu.getStatus().getAllocatable().get("nvidia.com/gpu").getAmount()).isEqualTo("1");
		assertThat(gpu.getMetadata().getLabels()).containsEntry("nvidia.com/gpu.present", "true")
			.containsEntry("kubernetes.io/hostname", "k3s-w-1");
		assertThat(client.nodes().withName("k3s-cp-1").get().getMetadata().getLabels())
			.containsEntry("node-role.kubernetes.io/control-plane", "true")
			.containsEntry("node-role.kubernetes.io/master", "true");
		assertThat(nodes).allSatisfy(n -> {
			assertThat(n.getStatus().getConditions()).anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
			assertThat(n.getStatus().getAddresses()).anyMatch(a -> a.getType().equals("InternalIP"));
		});
		assertThat(client.namespaces().withName("kube-system").get()).isNotNull();
		assertThat(client.apiextensions().v1().customResourceDefinitions().withName("helmcharts.helm.cattle.io").get())
			.isNotNull();
	}

	@Test
	void installsAHelmChartThroughItsJobAndPlacesTheReleaseByTheValuesNodeSelector() {
		helmChart("whoami").delete();
		client.resource(chart("whoami", Map.of("chart", "whoami", "repo", "https://charts.example.com",
				"targetNamespace", "apps", "createNamespace", true,
				"valuesContent", "replicaCount: 2\nnodeSelector:\n  kubernetes.io/hostname: k3s-w-1\n"))).create();

		await().atMost(Duration.ofSeconds(10)).until(() -> hasCondition(job("helm-install-whoami"), "Complete"));
		GenericKubernetesResource chart = helmChart("whoami").get();
		assertThat(chart.getMetadata().getFinalizers()).contains("wrangler.cattle.io/on-helm-chart-remove");
		assertThat(chart.get("status", "jobName").toString()).isEqualTo("helm-install-whoami");
		assertThat(job("helm-install-whoami").getStatus().getSucceeded()).isEqualTo(1);

		await().atMost(Duration.ofSeconds(10)).until(() -> {
			Deployment d = client.apps().deployments().inNamespace("apps").withName("whoami").get();
			return d != null && d.getStatus() != null && Integer.valueOf(2).equals(d.getStatus().getReadyReplicas());
		});
		Deployment deployment = client.apps().deployments().inNamespace("apps").withName("whoami").get();
		assertThat(deployment.getSpec().getTemplate().getSpec().getNodeSelector())
			.containsEntry("kubernetes.io/hostname", "k3s-w-1");
		assertThat(deployment.getMetadata().getLabels()).containsEntry("app.kubernetes.io/instance", "whoami");
		assertThat(client.pods().inNamespace("apps").withLabel("app.kubernetes.io/instance", "whoami").list().getItems())
			.hasSize(2).allSatisfy(p -> assertThat(p.getSpec().getNodeName()).isEqualTo("k3s-w-1"));
	}

	@Test
	void runsANewDistinguishableJobWhenTheSpecChanges() {
		client.resource(chart("web", Map.of("chart", "web", "targetNamespace", "default"))).create();
		await().atMost(Duration.ofSeconds(10)).until(() -> hasCondition(job("helm-install-web"), "Complete"));
		Job first = job("helm-install-web");

		helmChart("web").edit(c -> {
			c.setAdditionalProperty("spec", Map.of("chart", "web", "targetNamespace", "default", "version", "2.0.0"));
			return c;
		});

		await().atMost(Duration.ofSeconds(10)).until(() -> {
			Job next = job("helm-install-web");
			return next != null && !next.getMetadata().getUid().equals(first.getMetadata().getUid())
					&& hasCondition(next, "Complete");
		});
		Job second = job("helm-install-web");
		assertThat(second.getMetadata().getAnnotations().get("helmcharts.helm.cattle.io/configHash"))
			.startsWith("SHA256=")
			.isNotEqualTo(first.getMetadata().getAnnotations().get("helmcharts.helm.cattle.io/configHash"));
	}

	@Test
	void failsTheJobOfAMissingChartWithALowBackOffLimitAndItsPodLogSaysWhy() {
		client.resource(chart("broken", Map.of("chart", "missing-thing", "repo", "https://charts.example.com",
				"backOffLimit", 1))).create();

		await().atMost(Duration.ofSeconds(15)).until(() -> hasCondition(job("helm-install-broken"), "Failed"));
		assertThat(job("helm-install-broken").getStatus().getFailed()).isEqualTo(2);
		var pods = client.pods().inNamespace("kube-system").withLabel("job-name", "helm-install-broken").list().getItems();
		assertThat(pods).hasSize(2);
		String podLog = client.pods().inNamespace("kube-system").withName(pods.get(0).getMetadata().getName()).getLog();
		assertThat(podLog).contains("Error: INSTALLATION FAILED: chart \"missing-thing\" not found in https://charts.example.com repository");
		await().atMost(Duration.ofSeconds(5)).until(() -> helmChart("broken").get().get("status", "conditions")
			.toString().contains("Job has reached configured number of retries"));
	}

	@Test
	void uninstallsThroughTheDeleteJobThenReleasesTheFinalizer() {
		client.resource(chart("gone", Map.of("chart", "gone", "targetNamespace", "default"))).create();
		await().atMost(Duration.ofSeconds(10)).until(
				() -> client.apps().deployments().inNamespace("default").withName("gone").get() != null);
		await().atMost(Duration.ofSeconds(10)).until(() -> hasCondition(job("helm-install-gone"), "Complete"));
		List<String> deleteJobs = new java.util.concurrent.CopyOnWriteArrayList<>();
		try (var watch = client.batch().v1().jobs().inNamespace("kube-system").watch(new io.fabric8.kubernetes.client.Watcher<>() {
			@Override
			public void eventReceived(Action action, Job j) {
				if (j.getMetadata().getName().equals("helm-delete-gone") && hasCondition(j, "Complete")) {
					deleteJobs.add(j.getMetadata().getName());
				}
			}

			@Override
			public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {
			}
		})) {
			helmChart("gone").delete();
			assertThat(helmChart("gone").get().getMetadata().getDeletionTimestamp()).isNotNull();
			await().atMost(Duration.ofSeconds(10)).until(() -> helmChart("gone").get() == null);
			await().atMost(Duration.ofSeconds(5)).until(() -> !deleteJobs.isEmpty());
		}
		assertThat(client.apps().deployments().inNamespace("default").withName("gone").get()).isNull();
	}

	@Test
	void refusesAHelmChartWhoseSetHoldsABooleanWith422() {
		assertThatThrownBy(() -> client.resource(chart("bad", Map.of("chart", "x", "set", Map.of("enabled", true))))
			.create())
			.isInstanceOfSatisfying(KubernetesClientException.class, ex -> {
				assertThat(ex.getCode()).isEqualTo(422);
				assertThat(ex.getStatus().getReason()).isEqualTo("Invalid");
				assertThat(ex.getStatus().getMessage()).isEqualTo("HelmChart.helm.cattle.io \"bad\" is invalid: "
						+ "spec.set.enabled: Invalid value: \"boolean\": spec.set.enabled in body must be of type integer,string: \"boolean\"");
			});
		assertThatThrownBy(() -> client.resource(chart("list", Map.of("chart", "x", "set", Map.of("hosts", List.of("a")))))
			.create())
			.isInstanceOfSatisfying(KubernetesClientException.class, ex -> assertThat(ex.getCode()).isEqualTo(422));
		assertThat(helmChart("bad").get()).isNull();
		assertThat(journal.violations()).hasSize(2);
	}

}
