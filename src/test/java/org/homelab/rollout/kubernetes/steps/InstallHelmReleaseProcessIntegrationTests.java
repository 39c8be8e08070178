package org.homelab.rollout.kubernetes.steps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Incident;
import org.homelab.rollout.rehearsal.RehearsalLab;
import org.homelab.rollout.support.ProcessRuns;
import org.homelab.rollout.support.TestLabs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.homelab.rollout.kubernetes.steps.HelmReleaseVariables.*;

/**
 * install-helm-release and uninstall-helm-release on the engine, against the embedded
 * lab's K3s: the release ends up installed and healthy on its node, a re-run adopts,
 * changed values upgrade, a failing chart is an incident quoting helm, and compensation
 * uninstalls only what the run installed.
 */
@SpringBootTest(properties = { "rollout.waits.initial-backoff=50ms", "rollout.waits.max-backoff=200ms",
		"rollout.waits.retries=1", "rollout.waits.retry-backoff=100ms", "rollout.kubernetes.retry-cycle=PT1S" })
@ActiveProfiles({ "rehearsal", "test" })
class InstallHelmReleaseProcessIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(60);

	@Autowired
	ProcessEngine engine;

	@Autowired
	RuntimeService runtime;

	@Autowired
	HistoryService history;

	@Autowired
	RepositoryService repository;

	@Autowired
	RehearsalLab lab;

	/** The shipped values files plus one that places a release on no node at all. */
	@DynamicPropertySource
	static void valuesDir(DynamicPropertyRegistry registry) throws IOException {
		Path dir = Files.createTempDirectory("helm-values");
		try (Stream<Path> files = Files.list(Path.of("deploy/helm-values"))) {
			for (Path file : files.toList()) {
				Files.copy(file, dir.resolve(file.getFileName()));
			}
		}
		Files.writeString(dir.resolve("unschedulable.yaml"), "nodeSelector:\n  kubernetes.io/hostname: k3s-w-9\n");
		registry.add("rollout.kubernetes.values-dir", dir::toString);
	}

	ProcessRuns runs;

	@BeforeEach
	void freshCluster() {
		this.runs = new ProcessRuns(this.engine).within(WAIT);
		this.lab.kubernetes().reset();
		this.lab.journal().clear();
	}

	@AfterEach
	void noContractViolationsAndNoRunLeft() {
		assertThat(this.lab.journal().violations()).isEmpty();
		this.runtime.createProcessInstanceQuery()
			.list()
			.forEach(p -> this.runtime.deleteProcessInstance(p.getId(), "test over", true, true));
	}

	@Test
	void installsTheGpuRunnerHealthyOnTheGpuWorker() {
		String run = start(gpuRunner());

		this.runs.awaitEnd(run, "installed");
		assertThat(this.runs.variable(run, RELEASE_CREATED)).isEqualTo(true);
		assertThat(this.runs.variable(run, RELEASE_ADOPTED)).isEqualTo(false);
		assertThat(this.runs.variable(run, RELEASE_NODE)).isEqualTo("k3s-w-1");
		assertThat(this.runs.variable(run, RELEASE_NODES)).isEqualTo("k3s-w-1");
		assertThat(HelmSpec.of(chart("gitlab-runner-gpu")).valuesContent()).contains("kubernetes.io/hostname: k3s-w-1")
			.contains("https://gitlab.rehearsal.lan/");
	}

	@Test
	void aReRunAdoptsTheReleaseWithoutANewJobAndWouldNotUninstallIt() {
		this.runs.awaitEnd(start(gpuRunner()), "installed");
		String jobUid = job("helm-install-gitlab-runner-gpu").getMetadata().getUid();

		String again = start(gpuRunner());

		this.runs.awaitEnd(again, "installed");
		assertThat(this.runs.variable(again, RELEASE_ADOPTED)).isEqualTo(true);
		assertThat(this.runs.variable(again, RELEASE_CREATED)).isEqualTo(false);
		assertThat(job("helm-install-gitlab-runner-gpu").getMetadata().getUid()).isEqualTo(jobUid);
	}

	@Test
	void changedValuesUpgradeTheReleaseAndWaitForTheNewJob() {
		this.runs.awaitEnd(start(generalRunner("1.0.0")), "installed");
		String firstJob = job("helm-install-gitlab-runner-general").getMetadata().getUid();

		String upgrade = start(generalRunner("2.0.0"));

		this.runs.awaitEnd(upgrade, "installed");
		assertThat(this.runs.variable(upgrade, RELEASE_UPDATED)).isEqualTo(true);
		Job second = job("helm-install-gitlab-runner-general");
		assertThat(second.getMetadata().getUid()).isNotEqualTo(firstJob);
		assertThat(second.getStatus().getConditions()).anyMatch(c -> c.getType().equals("Complete"));
		assertThat(client().apps()
			.deployments()
			.inNamespace("gitlab-runner")
			.withName("gitlab-runner-general")
			.get()
			.getSpec()
			.getTemplate()
			.getSpec()
			.getContainers()
			.get(0)
			.getImage()).endsWith(":2.0.0");
		assertThat(this.runs.variable(upgrade, RELEASE_NODES)).isEqualTo("k3s-w-2");
	}

	@Test
	void aFailingChartBecomesAnIncidentQuotingTheHelmJobLog() {
		Map<String, Object> broken = release("broken", "missing-runner", "", "");
		String run = start(broken);

		Incident incident = this.runs.awaitIncident(run);
		assertThat(incident.getActivityId()).isEqualTo("wait-for-helm-job");
		assertThat(incident.getIncidentMessage())
			.startsWith("K3s helm-controller failed to install Helm release 'broken'")
			.contains("Error: INSTALLATION FAILED: chart \"missing-runner\" not found in https://charts.gitlab.io")
			.contains("retry this incident");
	}

	@Test
	void compensationUninstallsTheReleaseThisRunCreated() {
		deployCaller();
		String caller = this.runs.start("helm-release-caller", "run-a",
				release("external-secrets", "external-secrets", "external-secrets.yaml", ""));

		this.runs.awaitEnd(caller, "rolled-back");
		assertThat(this.runs.variable(caller, RELEASE_UNINSTALLED)).isEqualTo(true);
		assertThat(chart("external-secrets")).isNull();
		assertThat(client().apps().deployments().inNamespace("external-secrets").withName("external-secrets").get())
			.isNull();
	}

	@Test
	void compensationLeavesAloneAReleaseThisRunOnlyAdopted() {
		this.runs.awaitEnd(start(release("external-secrets", "external-secrets", "external-secrets.yaml", "")),
				"installed");
		deployCaller();

		String caller = this.runs.start("helm-release-caller", "run-b",
				release("external-secrets", "external-secrets", "external-secrets.yaml", ""));

		this.runs.awaitEnd(caller, "rolled-back");
		assertThat(this.runs.variable(caller, RELEASE_CREATED)).isEqualTo(false);
		assertThat(this.history.createHistoricActivityInstanceQuery().activityId("left-alone").count()).isEqualTo(1);
		assertThat(chart("external-secrets")).isNotNull();
		assertThat(chart("external-secrets").getMetadata().getDeletionTimestamp()).isNull();
	}

	@Test
	void aReleaseNotReadyInTimeIsRolledBackAndReportedToTheCaller() {
		deployCaller();
		Map<String, Object> variables = release("stuck", "stuck", "unschedulable.yaml", "");
		variables.put(READY_TIMEOUT, "PT2S");

		String caller = this.runs.start("helm-release-caller", "run-c", variables);

		this.runs.awaitEnd(caller, "not-ready-caught");
		assertThat(this.history.createHistoricActivityInstanceQuery().activityId("uninstall-created-release").count())
			.isEqualTo(1);
		await().atMost(WAIT).until(() -> chart("stuck") == null);
	}

	/**
	 * A caller as the phase models call install-helm-release: compensation attached to
	 * the call activity, handled by uninstall-helm-release; it rolls back right away, and
	 * catches HELM_RELEASE_NOT_READY.
	 */
	private void deployCaller() {
		String in = Stream.of(RELEASE_NAME, CHART, CHART_REPO, RELEASE_NAMESPACE, VALUES_REF, PLACEMENT, READY_TIMEOUT)
			.map(v -> "<camunda:in source=\"" + v + "\" target=\"" + v + "\" />")
			.reduce("", String::concat);
		String xml = """
				<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
				    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" targetNamespace="http://homelab.org/test">
				  <bpmn:process id="helm-release-caller" isExecutable="true" camunda:historyTimeToLive="P1D">
				    <bpmn:startEvent id="caller-started" />
				    <bpmn:callActivity id="install" calledElement="install-helm-release">
				      <bpmn:extensionElements>%s
				        <camunda:in businessKey="#{execution.processBusinessKey}" />
				        <camunda:out source="releaseCreated" target="releaseCreated" />
				      </bpmn:extensionElements>
				    </bpmn:callActivity>
				    <bpmn:boundaryEvent id="undo-install" attachedToRef="install">
				      <bpmn:compensateEventDefinition />
				    </bpmn:boundaryEvent>
				    <bpmn:callActivity id="uninstall" isForCompensation="true" calledElement="uninstall-helm-release">
				      <bpmn:extensionElements>
				        <camunda:in source="releaseName" target="releaseName" />
				        <camunda:in source="releaseCreated" target="releaseCreated" />
				        <camunda:out source="releaseUninstalled" target="releaseUninstalled" />
				      </bpmn:extensionElements>
				    </bpmn:callActivity>
				    <bpmn:intermediateThrowEvent id="roll-back">
				      <bpmn:compensateEventDefinition />
				    </bpmn:intermediateThrowEvent>
				    <bpmn:endEvent id="rolled-back" />
				    <bpmn:boundaryEvent id="not-ready" attachedToRef="install">
				      <bpmn:errorEventDefinition errorRef="not-ready-error" />
				    </bpmn:boundaryEvent>
				    <bpmn:endEvent id="not-ready-caught" />
				    <bpmn:sequenceFlow id="f1" sourceRef="caller-started" targetRef="install" />
				    <bpmn:sequenceFlow id="f2" sourceRef="install" targetRef="roll-back" />
				    <bpmn:sequenceFlow id="f3" sourceRef="roll-back" targetRef="rolled-back" />
				    <bpmn:sequenceFlow id="f4" sourceRef="not-ready" targetRef="not-ready-caught" />
				    <bpmn:association id="a1" sourceRef="undo-install" targetRef="uninstall" />
				  </bpmn:process>
				  <bpmn:error id="not-ready-error" errorCode="HELM_RELEASE_NOT_READY" />
				</bpmn:definitions>
				""".formatted(in);
		this.repository.createDeployment().addString("helm-release-caller.bpmn", xml).deploy();
	}

	private static Map<String, Object> gpuRunner() {
		return release("gitlab-runner-gpu", "gitlab-runner", "gitlab-runner-gpu.yaml", "runnerGpu");
	}

	private static Map<String, Object> generalRunner(String version) {
		Map<String, Object> variables = release("gitlab-runner-general", "gitlab-runner", "gitlab-runner-general.yaml",
				"runnerGeneral");
		variables.put(CHART_VERSION, version);
		return variables;
	}

	private static Map<String, Object> release(String name, String chart, String values, String placement) {
		Map<String, Object> variables = new HashMap<>();
		variables.put(RELEASE_NAME, name);
		variables.put(CHART, chart);
		variables.put(CHART_REPO, chart.contains("runner") ? "https://charts.gitlab.io" : "https://charts.example.com");
		variables.put(RELEASE_NAMESPACE, name.startsWith("gitlab-runner") ? "gitlab-runner" : name);
		variables.put(VALUES_REF, values);
		variables.put(PLACEMENT, placement);
		return variables;
	}

	private String start(Map<String, Object> variables) {
		return this.runs.start("install-helm-release", variables);
	}

	private KubernetesClient client() {
		return this.lab.kubernetes().client();
	}

	private GenericKubernetesResource chart(String name) {
		return client().genericKubernetesResources(TestLabs.HELM_CHARTS)
			.inNamespace("kube-system")
			.withName(name)
			.get();
	}

	private Job job(String name) {
		return client().batch().v1().jobs().inNamespace("kube-system").withName(name).get();
	}

	/** The parts of a HelmChart's spec the tests read. */
	record HelmSpec(String valuesContent) {

		@SuppressWarnings("unchecked")
		static HelmSpec of(GenericKubernetesResource chart) {
			Map<String, Object> spec = (Map<String, Object>) chart.getAdditionalProperties().get("spec");
			return new HelmSpec((String) spec.get("valuesContent"));
		}

	}

}
