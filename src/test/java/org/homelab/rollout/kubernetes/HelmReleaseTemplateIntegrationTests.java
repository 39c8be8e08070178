package org.homelab.rollout.kubernetes;

import java.time.Duration;
import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.homelab.rollout.kubernetes.HelmChartApplied.Outcome;
import org.homelab.rollout.kubernetes.HelmJobStatus.State;
import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.Latency;
import org.homelab.rollout.rehearsal.RequestJournal;
import org.homelab.rollout.rehearsal.kubernetes.KubernetesLab;
import org.homelab.rollout.support.Contract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Helm release operations against the rehearsal lab's K3s and its simulated
 * helm-controller.
 */
class HelmReleaseTemplateIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static final String PLACED_ON_W2 = "nodeSelector:\n  kubernetes.io/hostname: k3s-w-2\n";

	private static final RequestJournal journal = new RequestJournal();

	private static KubernetesLab lab;

	private static ClusterConnection connection;

	private static HelmReleaseOperations helm;

	@BeforeAll
	static void start() {
		lab = new KubernetesLab(Latency.scaled(0.01), FaultInjector.none(), journal).start().startClusterNow();
		connection = new ClusterConnection(
				() -> KubernetesClients.create(TestInventory.plan(lab.kubeconfig()).k3s(), 0));
		helm = new HelmReleaseTemplate(connection, TestInventory.properties());
	}

	@AfterAll
	static void stop() {
		connection.close();
		lab.close();
	}

	@BeforeEach
	void reset() {
		lab.reset();
		journal.clear();
	}

	@AfterEach
	void everyRequestPassedItsContract() {
		assertThat(lab.schemaChecks()).isEqualTo(Contract.CRDS.present());
		assertThat(journal.violations()).isEmpty();
	}

	@Test
	void installsTheChartAndReportsTheReleaseReadyOnTheRequestedNode() {
		HelmChartApplied applied = helm.applyChart(release("web", "1.0.0", PLACED_ON_W2), "run-1");

		assertThat(applied.outcome()).isEqualTo(Outcome.CREATED);
		assertThat(applied.createdBy("run-1")).isTrue();
		await().atMost(WAIT).until(() -> helm.installJob("web", applied.previousJobUid()).state() == State.COMPLETE);
		await().atMost(WAIT).until(() -> helm.health("web", "apps", "k3s-w-2").state() == ReleaseHealth.State.READY);
		assertThat(helm.health("web", "apps", "k3s-w-2").nodes()).containsExactly("k3s-w-2");
		Map<String, Object> spec = HelmCharts.spec(chart("web"));
		assertThat(spec).containsEntry("backOffLimit", 1)
			.containsEntry("timeout", "600s")
			.containsEntry("createNamespace", true)
			.containsEntry("targetNamespace", "apps");
		assertThat(chart("web").getMetadata().getAnnotations()).containsEntry(HelmCharts.CREATED_BY_RUN, "run-1");
	}

	@Test
	void reapplyingTheSameSpecAdoptsTheChartAndItsCompleteJob() {
		installed("web", "1.0.0", PLACED_ON_W2, "run-1");
		String jobUid = lab.client()
			.batch()
			.v1()
			.jobs()
			.inNamespace("kube-system")
			.withName("helm-install-web")
			.get()
			.getMetadata()
			.getUid();
		journal.clear();

		HelmChartApplied again = helm.applyChart(release("web", "1.0.0", PLACED_ON_W2), "run-2");

		assertThat(again.outcome()).isEqualTo(Outcome.ADOPTED);
		assertThat(again.createdBy("run-2")).isFalse();
		assertThat(again.createdBy("run-1")).isTrue();
		assertThat(helm.installJob("web", again.previousJobUid()).state()).isEqualTo(State.COMPLETE);
		assertThat(journal.entries()).noneMatch(e -> !e.method().equals("GET"));
		assertThat(lab.client()
			.batch()
			.v1()
			.jobs()
			.inNamespace("kube-system")
			.withName("helm-install-web")
			.get()
			.getMetadata()
			.getUid()).isEqualTo(jobUid);
	}

	@Test
	void changedValuesUpdateTheChartAndTheOldCompleteJobDoesNotCount() {
		installed("web", "1.0.0", PLACED_ON_W2, "run-1");

		HelmChartApplied upgrade = helm.applyChart(release("web", "2.0.0", PLACED_ON_W2), "run-2");

		assertThat(upgrade.outcome()).isEqualTo(Outcome.UPDATED);
		assertThat(upgrade.previousJobUid()).isNotNull();
		assertThat(helm.installJob("web", upgrade.previousJobUid()).state()).isIn(State.PENDING, State.RUNNING);
		await().atMost(WAIT).until(() -> helm.installJob("web", upgrade.previousJobUid()).state() == State.COMPLETE);
		assertThat(lab.client()
			.batch()
			.v1()
			.jobs()
			.inNamespace("kube-system")
			.withName("helm-install-web")
			.get()
			.getMetadata()
			.getUid()).isNotEqualTo(upgrade.previousJobUid());
		await().atMost(WAIT).until(() -> helm.health("web", "apps", "k3s-w-2").state() == ReleaseHealth.State.READY);
		Deployment deployment = lab.client().apps().deployments().inNamespace("apps").withName("web").get();
		assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).endsWith(":2.0.0");
	}

	@Test
	void aFailingChartReportsTheJobFailedWithItsPodLog() {
		HelmChartApplied applied = helm.applyChart(
				HelmReleaseRequest.create("broken", "missing-thing", "https://charts.example.com", null, "apps", ""),
				"run-1");

		await().atMost(WAIT).until(() -> helm.installJob("broken", applied.previousJobUid()).state() == State.FAILED);
		HelmJobStatus failed = helm.installJob("broken", applied.previousJobUid());
		assertThat(failed.errorLines()).isEqualTo("Error: INSTALLATION FAILED: chart \"missing-thing\" not found in "
				+ "https://charts.example.com repository");
		assertThat(failed.detail()).contains("Job kube-system/helm-install-broken failed (BackoffLimitExceeded")
			.contains("its pod helm-install-broken-");
		assertThat(failed.logTail()).contains("+ helm_v3 install --namespace apps broken missing-thing");
	}

	@Test
	void podsOnAnotherNodeThanThePlacementAreReportedMisplaced() {
		installed("web", "1.0.0", PLACED_ON_W2, "run-1");

		ReleaseHealth health = helm.health("web", "apps", "k3s-w-1");

		assertThat(health.state()).isEqualTo(ReleaseHealth.State.MISPLACED);
		assertThat(health.detail()).contains("should run on k3s-w-1").contains("on k3s-w-2");
	}

	@Test
	void anUnschedulableReleaseIsNotReadyAndSaysWhy() {
		helm.applyChart(release("nowhere", "1.0.0", "nodeSelector:\n  kubernetes.io/hostname: k3s-w-9\n"), "run-1");

		await().atMost(WAIT).until(() -> helm.installJob("nowhere", null).state() == State.COMPLETE);
		await().atMost(WAIT).until(() -> helm.health("nowhere", "apps", "").detail().contains("unschedulable"));
		assertThat(helm.health("nowhere", "apps", "").state()).isEqualTo(ReleaseHealth.State.NOT_READY);
	}

	@Test
	void deletingTheChartUninstallsThroughTheDeleteJobUntilTheChartIsGone() {
		installed("web", "1.0.0", PLACED_ON_W2, "run-1");

		assertThat(helm.deleteChart("web")).isTrue();

		assertThat(helm.uninstallStatus("web").state()).isEqualTo(UninstallStatus.State.DELETING);
		await().atMost(WAIT).until(() -> helm.uninstallStatus("web").state() == UninstallStatus.State.GONE);
		assertThat(lab.client().apps().deployments().inNamespace("apps").withName("web").get()).isNull();
		assertThat(helm.deleteChart("web")).isFalse();
	}

	private static void installed(String name, String version, String values, String run) {
		HelmChartApplied applied = helm.applyChart(release(name, version, values), run);
		await().atMost(WAIT).until(() -> helm.installJob(name, applied.previousJobUid()).state() == State.COMPLETE);
		await().atMost(WAIT).until(() -> helm.health(name, "apps", "").state() == ReleaseHealth.State.READY);
	}

	private static HelmReleaseRequest release(String name, String version, String values) {
		return HelmReleaseRequest.create(name, name, "https://charts.example.com", version, "apps", values);
	}

	private static GenericKubernetesResource chart(String name) {
		KubernetesClient client = lab.client();
		return client.genericKubernetesResources(HelmCharts.CONTEXT).inNamespace("kube-system").withName(name).get();
	}

}
