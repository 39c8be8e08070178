package org.homelab.rollout.phases;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import org.awaitility.core.ConditionTimeoutException;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.homelab.rollout.rehearsal.RehearsalLab;
import org.homelab.rollout.rehearsal.proxmox.VmView;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Drives Phase 1 runs in tests: starts them, does the operator's part, waits, and reads
 * what the lab holds.
 */
final class Phase1Runs {

	static final String KEY = "phase-1-foundation";

	static final Duration TIMEOUT = Duration.ofSeconds(90);

	static final List<String> RELEASES = List.of("prometheus-node-exporter", "kube-state-metrics", "external-secrets");

	private static final ResourceDefinitionContext HELM_CHARTS = new ResourceDefinitionContext.Builder()
		.withGroup("helm.cattle.io")
		.withVersion("v1")
		.withKind("HelmChart")
		.withPlural("helmcharts")
		.withNamespaced(true)
		.build();

	private final RehearsalLab lab;

	private final RuntimeService runtime;

	private final TaskService tasks;

	private final HistoryService history;

	Phase1Runs(RehearsalLab lab, RuntimeService runtime, TaskService tasks, HistoryService history) {
		this.lab = lab;
		this.runtime = runtime;
		this.tasks = tasks;
		this.history = history;
	}

	ProcessInstance start(String run) {
		return this.runtime.startProcessInstanceByKey(KEY, run, Map.of());
	}

	/**
	 * Waits for the gate, doing on the way what vault-setup asks of an operator for a new
	 * Vault.
	 */
	Task awaitGate(ProcessInstance phase) {
		until("the gate", () -> {
			failOnIncident(phase);
			moveVaultSharesOffline();
			return gate(phase) != null;
		});
		return gate(phase);
	}

	private Task gate(ProcessInstance phase) {
		return this.tasks.createTaskQuery()
			.processInstanceId(phase.getId())
			.taskDefinitionKey("approve-phase-1")
			.singleResult();
	}

	void decide(Task gate, String decision) {
		this.tasks.complete(gate.getId(), Map.of("phase1Decision", decision));
	}

	/**
	 * Waits for the phase to end and answers the end event it ended at ("phase-1-done" or
	 * "phase-1-rolled-back").
	 */
	String awaitEnd(ProcessInstance phase) {
		until("the phase to end", () -> {
			failOnIncident(phase);
			moveVaultSharesOffline();
			return this.history.createHistoricProcessInstanceQuery()
				.processInstanceId(phase.getId())
				.finished()
				.count() == 1;
		});
		return activities(phase, "phase-1-done", "phase-1-rolled-back").stream()
			.map(HistoricActivityInstance::getActivityId)
			.findFirst()
			.orElse("neither end event");
	}

	private void until(String what, Callable<Boolean> condition) {
		try {
			await().atMost(TIMEOUT).until(condition);
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("waited " + TIMEOUT + " for " + what + "; still running: " + running(), ex);
		}
	}

	/**
	 * The activities still running in the phase and the processes it called, for
	 * messages.
	 */
	String running() {
		return this.history.createHistoricActivityInstanceQuery()
			.unfinished()
			.list()
			.stream()
			.map(a -> a.getProcessDefinitionKey() + "/" + a.getActivityId())
			.sorted()
			.toList()
			.toString();
	}

	void awaitFinished(ProcessInstance phase, String... activityIds) {
		until(List.of(activityIds) + " to finish", () -> {
			failOnIncident(phase);
			moveVaultSharesOffline();
			for (String activityId : activityIds) {
				if (this.history.createHistoricActivityInstanceQuery()
					.processInstanceId(phase.getId())
					.activityId(activityId)
					.finished()
					.count() == 0) {
					return false;
				}
			}
			return true;
		});
	}

	/**
	 * The shares of a new Vault go to a 0600 file; the operator moves them offline,
	 * deleting it.
	 */
	private void moveVaultSharesOffline() {
		for (Task task : this.tasks.createTaskQuery().taskDefinitionKey("move-shares-offline").list()) {
			Object file = this.runtime.getVariable(task.getExecutionId(), "vaultSharesFile");
			try {
				if (file != null) {
					Files.deleteIfExists(Path.of(file.toString()));
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			this.tasks.complete(task.getId(), Map.of("vaultSharesMovedOffline", true));
		}
	}

	private void failOnIncident(ProcessInstance phase) {
		// an incident in a called process shows on its call activity here too
		List<Incident> incidents = this.runtime.createIncidentQuery().processInstanceId(phase.getId()).list();
		assertThat(incidents).as("incidents")
			.extracting(i -> i.getActivityId() + ": " + i.getIncidentMessage())
			.isEmpty();
	}

	Map<String, Object> variables(ProcessInstance phase) {
		Map<String, Object> variables = new HashMap<>();
		for (HistoricVariableInstance v : this.history.createHistoricVariableInstanceQuery()
			.processInstanceId(phase.getId())
			.list()) {
			variables.put(v.getName(), v.getValue());
		}
		return variables;
	}

	/** The phase's activity instances of the given ids, in the order they started. */
	List<HistoricActivityInstance> activities(ProcessInstance phase, String... activityIds) {
		List<String> wanted = List.of(activityIds);
		return this.history.createHistoricActivityInstanceQuery()
			.processInstanceId(phase.getId())
			.orderByHistoricActivityInstanceStartTime()
			.asc()
			.orderPartiallyByOccurrence()
			.asc()
			.list()
			.stream()
			.filter(activity -> wanted.contains(activity.getActivityId()))
			.toList();
	}

	List<VmView> vms(String name) {
		return this.lab.proxmox().vms().stream().filter(vm -> name.equals(vm.name())).toList();
	}

	/**
	 * The HelmCharts of Phase 1's releases in the cluster, by name (K3s keeps them in
	 * kube-system).
	 */
	List<String> releases() {
		return this.lab.kubernetes()
			.client()
			.genericKubernetesResources(HELM_CHARTS)
			.inAnyNamespace()
			.list()
			.getItems()
			.stream()
			.map(GenericKubernetesResource::getMetadata)
			.map(meta -> meta.getName())
			.filter(RELEASES::contains)
			.sorted()
			.toList();
	}

	/**
	 * What Phase 1 puts into the cluster besides its Helm releases, as "kind/name" of
	 * what is still there.
	 */
	List<String> leftInCluster() {
		KubernetesClient client = this.lab.kubernetes().client();
		List<String> left = new ArrayList<>();
		client.genericKubernetesResources("external-secrets.io/v1", "ClusterSecretStore")
			.list()
			.getItems()
			.forEach(store -> left.add("ClusterSecretStore/" + store.getMetadata().getName()));
		if (client.serviceAccounts().inNamespace("kube-system").withName("prometheus-homelab").get() != null) {
			left.add("ServiceAccount/prometheus-homelab");
		}
		if (client.rbac().clusterRoles().withName("prometheus-homelab").get() != null) {
			left.add("ClusterRole/prometheus-homelab");
		}
		return left;
	}

	/**
	 * Whether Grafana's unit runs on the frontend VM (the rollout adopts that VM, it
	 * never creates it).
	 */
	boolean grafanaInstalled() {
		return vms("frontend").stream().anyMatch(vm -> this.lab.monitoring().grafana().grafana(vm.vmid()).isPresent());
	}

}
