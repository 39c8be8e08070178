package org.homelab.rollout.rehearsal.kubernetes;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.Latency;
import org.homelab.rollout.rehearsal.RequestJournal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.homelab.rollout.rehearsal.kubernetes.LabFixtures.chart;
import static org.homelab.rollout.rehearsal.kubernetes.LabFixtures.hasCondition;
import static org.homelab.rollout.rehearsal.kubernetes.LabFixtures.ready;

class HelmControllerTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static KubernetesLab lab;

	private static KubernetesClient client;

	@BeforeAll
	static void start() {
		lab = new KubernetesLab(Latency.scaled(0.01), FaultInjector.none(), new RequestJournal()).start()
			.startClusterNow();
		client = LabFixtures.productClient(lab);
	}

	@AfterAll
	static void stop() {
		client.close();
		lab.close();
	}

	@BeforeEach
	void reset() {
		lab.reset();
	}

	private static Job job(String name) {
		return LabFixtures.job(client, name);
	}

	@Test
	void installsAChartThroughItsJobAndPlacesTheReleaseByTheValuesNodeSelector() {
		client.resource(chart("whoami",
				Map.of("chart", "whoami", "repo", "https://charts.example.com", "targetNamespace", "apps",
						"createNamespace", true, "valuesContent",
						"replicaCount: 2\nnodeSelector:\n  kubernetes.io/hostname: k3s-w-2\n")))
			.create();

		// as the product waits: watch the Job by name until it reports Complete, then the
		// Deployment until ready
		client.batch()
			.v1()
			.jobs()
			.inNamespace("kube-system")
			.withName("helm-install-whoami")
			.waitUntilCondition(j -> hasCondition(j, "Complete"), WAIT.toSeconds(), TimeUnit.SECONDS);
		client.apps()
			.deployments()
			.inNamespace("apps")
			.withName("whoami")
			.waitUntilReady(WAIT.toSeconds(), TimeUnit.SECONDS);
		GenericKubernetesResource chart = LabFixtures.helmChart(client, "whoami").get();
		assertThat(chart.getMetadata().getFinalizers()).containsExactly("wrangler.cattle.io/on-helm-chart-remove");
		assertThat(chart.<String>get("status", "jobName")).isEqualTo("helm-install-whoami");
		assertThat(job("helm-install-whoami").getStatus().getSucceeded()).isEqualTo(1);
		await().atMost(WAIT).until(() -> ready(client, "apps", "whoami", 2));
		Deployment deployment = client.apps().deployments().inNamespace("apps").withName("whoami").get();
		assertThat(deployment.getSpec().getTemplate().getSpec().getNodeSelector())
			.containsEntry("kubernetes.io/hostname", "k3s-w-2");
		assertThat(deployment.getMetadata().getLabels()).containsEntry("app.kubernetes.io/instance", "whoami");
		assertThat(
				client.pods().inNamespace("apps").withLabel("app.kubernetes.io/instance", "whoami").list().getItems())
			.hasSize(2)
			.allSatisfy(p -> assertThat(p.getSpec().getNodeName()).isEqualTo("k3s-w-2"));
	}

	@Test
	void placesAReleaseThatLimitsAGpuOnTheGpuWorker() {
		client
			.resource(
					chart("ollama",
							Map.of("chart", "ollama", "targetNamespace", "default", "set",
									Map.of("resources.limits.nvidia\\.com/gpu", 1))))
			.create();
		await().atMost(WAIT).until(() -> ready(client, "default", "ollama", 1));
		List<Pod> pods = client.pods()
			.inNamespace("default")
			.withLabel("app.kubernetes.io/instance", "ollama")
			.list()
			.getItems();
		assertThat(pods).singleElement().satisfies(p -> assertThat(p.getSpec().getNodeName()).isEqualTo("k3s-w-1"));
	}

	@Test
	void aReleasePinnedToACordonedNodeStaysPendingAndUnscheduled() {
		client.nodes().withName("k3s-w-2").edit(n -> {
			n.getSpec().setUnschedulable(true);
			return n;
		});
		try {
			client
				.resource(
						chart("pinned",
								Map.of("chart", "pinned", "targetNamespace", "default", "valuesContent",
										"nodeSelector:\n  kubernetes.io/hostname: k3s-w-2\n")))
				.create();
			await().atMost(WAIT)
				.until(() -> client.pods()
					.inNamespace("default")
					.withLabel("app.kubernetes.io/instance", "pinned")
					.list()
					.getItems(), pods -> !pods.isEmpty());
			assertThat(client.pods()
				.inNamespace("default")
				.withLabel("app.kubernetes.io/instance", "pinned")
				.list()
				.getItems()).singleElement().satisfies(p -> {
					assertThat(p.getSpec().getNodeName()).isNull();
					assertThat(p.getStatus().getConditions()).anyMatch(c -> "Unschedulable".equals(c.getReason()));
				});
		}
		finally {
			client.nodes().withName("k3s-w-2").edit(n -> {
				n.getSpec().setUnschedulable(null);
				return n;
			});
		}
	}

	@Test
	void runsANewDistinguishableJobWhenTheSpecChanges() {
		client.resource(chart("web", Map.of("chart", "web", "targetNamespace", "default"))).create();
		await().atMost(WAIT).until(() -> hasCondition(job("helm-install-web"), "Complete"));
		Job first = job("helm-install-web");

		LabFixtures.helmChart(client, "web").edit(c -> {
			c.setAdditionalProperty("spec", Map.of("chart", "web", "targetNamespace", "default", "version", "2.0.0"));
			return c;
		});

		await().atMost(WAIT).until(() -> {
			Job next = job("helm-install-web");
			return next != null && !next.getMetadata().getUid().equals(first.getMetadata().getUid())
					&& hasCondition(next, "Complete");
		});
		assertThat(job("helm-install-web").getMetadata().getAnnotations().get(HelmJobs.CONFIG_HASH))
			.startsWith("SHA256=")
			.isNotEqualTo(first.getMetadata().getAnnotations().get(HelmJobs.CONFIG_HASH));
		assertThat(client.apps()
			.deployments()
			.inNamespace("default")
			.withName("web")
			.get()
			.getSpec()
			.getTemplate()
			.getSpec()
			.getContainers()
			.get(0)
			.getImage()).isEqualTo("web:2.0.0");
	}

	@Test
	void reinstallsWithTheValuesOfAHelmChartConfigNamedLikeTheChart() {
		client
			.resource(
					chart("traefik",
							Map.of("chart", "traefik", "targetNamespace", "default", "valuesContent",
									"nodeSelector:\n  kubernetes.io/hostname: k3s-w-2\n")))
			.create();
		await().atMost(WAIT).until(() -> hasCondition(job("helm-install-traefik"), "Complete"));
		Job first = job("helm-install-traefik");

		client
			.resource(new GenericKubernetesResourceBuilder().withApiVersion("helm.cattle.io/v1")
				.withKind("HelmChartConfig")
				.withNewMetadata()
				.withName("traefik")
				.withNamespace("kube-system")
				.endMetadata()
				.addToAdditionalProperties("spec",
						Map.of("valuesContent", "nodeSelector:\n  kubernetes.io/hostname: k3s-cp-1\n"))
				.build())
			.create();

		await().atMost(WAIT).until(() -> {
			Job next = job("helm-install-traefik");
			return next != null && !next.getMetadata().getUid().equals(first.getMetadata().getUid())
					&& hasCondition(next, "Complete");
		});
		assertThat(client.apps()
			.deployments()
			.inNamespace("default")
			.withName("traefik")
			.get()
			.getSpec()
			.getTemplate()
			.getSpec()
			.getNodeSelector()).containsEntry("kubernetes.io/hostname", "k3s-cp-1");
	}

	@Test
	void failsTheJobOfAMissingChartOnceTheLowBackOffLimitIsSpentAndThePodLogSaysWhy() {
		client
			.resource(chart("broken",
					Map.of("chart", "missing-thing", "repo", "https://charts.example.com", "backOffLimit", 1)))
			.create();

		await().atMost(WAIT).until(() -> hasCondition(job("helm-install-broken"), "Failed"));
		assertThat(job("helm-install-broken").getStatus().getFailed()).isEqualTo(2);
		List<Pod> pods = client.pods()
			.inNamespace("kube-system")
			.withLabel("job-name", "helm-install-broken")
			.list()
			.getItems();
		assertThat(pods).hasSize(2).allSatisfy(p -> assertThat(p.getStatus().getPhase()).isEqualTo("Failed"));
		assertThat(client.pods().inNamespace("kube-system").withName(pods.get(0).getMetadata().getName()).getLog())
			.contains(
					"Error: INSTALLATION FAILED: chart \"missing-thing\" not found in https://charts.example.com repository");
		await().atMost(WAIT)
			.until(() -> LabFixtures.helmChart(client, "broken")
				.get()
				.<List<Map<String, Object>>>get("status", "conditions")
				.stream()
				.anyMatch(c -> "Failed".equals(c.get("type")) && "True".equals(c.get("status"))));
	}

	@Test
	void keepsRetryingAFailingChartWithTheDefaultBackOffLimit() {
		client.resource(chart("stuck", Map.of("chart", "missing-thing", "repo", "https://charts.example.com")))
			.create();

		await().atMost(WAIT).until(() -> {
			Job job = job("helm-install-stuck");
			return job != null && job.getStatus() != null && job.getStatus().getFailed() != null
					&& job.getStatus().getFailed() >= 2;
		});
		Job stuck = job("helm-install-stuck");
		assertThat(stuck.getStatus().getActive()).isEqualTo(1);
		assertThat(hasCondition(stuck, "Failed")).isFalse();
		assertThat(stuck.getSpec().getBackoffLimit()).isEqualTo(1000);
	}

	@Test
	void uninstallsThroughTheDeleteJobThenReleasesTheFinalizer() throws Exception {
		client.resource(chart("gone", Map.of("chart", "gone", "targetNamespace", "default"))).create();
		await().atMost(WAIT).until(() -> ready(client, "default", "gone", 1));
		List<String> completedDeleteJobs = new CopyOnWriteArrayList<>();
		try (Watch watch = client.batch().v1().jobs().inNamespace("kube-system").watch(new Watcher<>() {
			@Override
			public void eventReceived(Action action, Job j) {
				if (j.getMetadata().getName().equals("helm-delete-gone") && hasCondition(j, "Complete")) {
					completedDeleteJobs.add(j.getMetadata().getName());
				}
			}

			@Override
			public void onClose(WatcherException cause) {
			}
		})) {
			LabFixtures.helmChart(client, "gone").delete();
			assertThat(LabFixtures.helmChart(client, "gone").get().getMetadata().getDeletionTimestamp()).isNotNull();
			await().atMost(WAIT).until(() -> LabFixtures.helmChart(client, "gone").get() == null);
			await().atMost(WAIT).until(() -> !completedDeleteJobs.isEmpty());
		}
		assertThat(client.apps().deployments().inNamespace("default").withName("gone").get()).isNull();
		assertThat(
				client.pods().inNamespace("default").withLabel("app.kubernetes.io/instance", "gone").list().getItems())
			.isEmpty();
	}

}
