package org.homelab.rollout.kubernetes.steps;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.homelab.rollout.RolloutApplication;
import org.homelab.rollout.rehearsal.Contracts;
import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.Latency;
import org.homelab.rollout.rehearsal.RequestJournal;
import org.homelab.rollout.rehearsal.kubernetes.KubernetesLab;
import org.homelab.rollout.rehearsal.kubernetes.KubernetesLabSettings;
import org.homelab.rollout.support.TestLabs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An engine stopped while the Helm install Job runs, and started again on the same
 * database, resumes the wait: the release is installed once, by the one Job, and the run
 * finishes. The K3s lab outlives both engines.
 */
class HelmInstallRestartIntegrationTests {

	private final RequestJournal journal = new RequestJournal();

	// a Helm install of 15 s, long enough to stop and start an engine while it runs
	private final KubernetesLab lab = new KubernetesLab(KubernetesLabSettings.defaults(),
			new Latency(0.01, Map.of("helm.install", 1500.0)), FaultInjector.none(), this.journal, Contracts.locate())
		.start()
		.startClusterNow();

	@AfterEach
	void stopLab() {
		this.lab.close();
	}

	@Test
	void aRunWaitingForTheHelmJobAtShutdownResumesAfterRestartAndInstallsOnce(@TempDir Path data) {
		String[] args = { "--spring.datasource.url=jdbc:h2:file:" + data.resolve("rollout") + ";DB_CLOSE_ON_EXIT=FALSE",
				"--rehearsal.embedded=false", "--inventory.k3s.kubeconfig=",
				"--inventory.k3s.kubeconfig-content=" + this.lab.kubeconfig(), "--server.port=0",
				"--rollout.waits.poll-interval=20ms", "--rollout.waits.initial-backoff=100ms",
				"--rollout.waits.max-backoff=500ms" };
		String runId;
		String jobUid;
		try (ConfigurableApplicationContext first = start(args)) {
			runId = first.getBean(RuntimeService.class)
				.startProcessInstanceByKey("install-helm-release",
						Map.of(HelmReleaseVariables.RELEASE_NAME, "argocd", HelmReleaseVariables.CHART, "argo-cd",
								HelmReleaseVariables.CHART_REPO, "https://argoproj.github.io/argo-helm",
								HelmReleaseVariables.RELEASE_NAMESPACE, "argocd", HelmReleaseVariables.VALUES_REF,
								"argocd.yaml", HelmReleaseVariables.PLACEMENT, "argocd"))
				.getId();
			RuntimeService runtime = first.getBean(RuntimeService.class);
			ExternalTaskService externalTasks = first.getBean(ExternalTaskService.class);
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				ExternalTask wait = externalTasks.createExternalTaskQuery().processInstanceId(runId).singleResult();
				return wait != null && wait.getActivityId().equals("wait-for-helm-job")
						&& String.valueOf(runtime.getVariable(wait.getExecutionId(), "waitingFor"))
							.contains("Job kube-system/helm-install-argocd to complete");
			});
			Job running = installJob();
			assertThat(running.getStatus().getConditions()).noneMatch(c -> c.getType().equals("Complete"));
			jobUid = running.getMetadata().getUid();
		}

		try (ConfigurableApplicationContext second = start(args)) {
			HistoryService history = second.getBean(HistoryService.class);
			await().atMost(Duration.ofSeconds(60))
				.until(() -> history.createHistoricActivityInstanceQuery()
					.processInstanceId(runId)
					.activityId("installed")
					.finished()
					.count() == 1);
			assertThat(history.createHistoricVariableInstanceQuery()
				.processInstanceId(runId)
				.variableName(HelmReleaseVariables.RELEASE_NODES)
				.singleResult()
				.getValue()).isEqualTo("k3s-cp-1");
		}
		assertThat(installJob().getMetadata().getUid()).isEqualTo(jobUid);
		assertThat(
				this.lab.client().genericKubernetesResources(TestLabs.HELM_CHARTS).inAnyNamespace().list().getItems())
			.hasSize(1);
		assertThat(this.journal.entries()).filteredOn(e -> e.method().equals("POST") && e.path().contains("helmcharts"))
			.hasSize(1);
		assertThat(this.journal.violations()).isEmpty();
	}

	private Job installJob() {
		return this.lab.client().batch().v1().jobs().inNamespace("kube-system").withName("helm-install-argocd").get();
	}

	private static ConfigurableApplicationContext start(String... args) {
		return new SpringApplicationBuilder(RolloutApplication.class).profiles("rehearsal", "test").run(args);
	}

}
