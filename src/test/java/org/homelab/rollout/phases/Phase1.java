package org.homelab.rollout.phases;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.camunda.bpm.engine.ProcessEngineServices;
import org.camunda.bpm.engine.task.Task;
import org.homelab.rollout.rehearsal.RehearsalLab;
import org.homelab.rollout.rehearsal.proxmox.VmView;
import org.homelab.rollout.support.ProcessRuns;
import org.homelab.rollout.support.TestLabs;

/**
 * What the tests know of Phase 1 beyond {@link ProcessRuns}: its key, gate and end
 * events, the operator's part on the way, and what it leaves in the lab.
 */
public final class Phase1 {

	static final String KEY = "phase-1-foundation";

	static final Duration TIMEOUT = Duration.ofSeconds(90);

	static final List<String> RELEASES = List.of("prometheus-node-exporter", "kube-state-metrics", "external-secrets");

	private final RehearsalLab lab;

	private final ProcessEngineServices engine;

	private final PhaseRuns phase;

	private final ProcessRuns runs;

	Phase1(RehearsalLab lab, ProcessEngineServices engine) {
		this.lab = lab;
		this.engine = engine;
		this.phase = new PhaseRuns(engine, KEY, 1, TIMEOUT);
		this.runs = this.phase.runs();
	}

	/**
	 * The driver for Phase 1's runs: while it waits, it does what vault-setup asks of an
	 * operator for a new Vault.
	 */
	ProcessRuns runs() {
		return this.runs;
	}

	/** Starts Phase 1 on its own and approves the plan it shows first. */
	String start(String run) {
		return this.phase.start(run);
	}

	/** Starts Phase 1 on its own, leaving its plan review open. */
	String startShowingPlan(String run) {
		return this.phase.startShowingPlan(run);
	}

	Task awaitPlanReview(String phase) {
		return this.phase.awaitPlanReview(phase);
	}

	Task awaitGate(String phase) {
		return this.phase.awaitGate(phase);
	}

	void decide(Task gate, String decision) {
		this.phase.decide(gate, decision);
	}

	/**
	 * Waits for the phase to end and answers the end event it ended at ("phase-1-done" or
	 * "phase-1-rolled-back").
	 */
	String awaitEnd(String phase) {
		return this.phase.awaitEnd(phase);
	}

	/**
	 * The shares of a new Vault go to a 0600 file; the operator moves them offline,
	 * deleting it. Also the benchmark's operator.
	 */
	public static void moveVaultSharesOffline(ProcessEngineServices engine) {
		for (Task task : engine.getTaskService().createTaskQuery().taskDefinitionKey("move-shares-offline").list()) {
			Object file = engine.getRuntimeService().getVariable(task.getExecutionId(), "vaultSharesFile");
			try {
				if (file != null) {
					Files.deleteIfExists(Path.of(file.toString()));
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			engine.getTaskService().complete(task.getId(), Map.of("vaultSharesMovedOffline", true));
		}
	}

	List<VmView> vms(String name) {
		return TestLabs.vms(this.lab.proxmox(), name);
	}

	/**
	 * The HelmCharts of Phase 1's releases in the cluster, by name (K3s keeps them in
	 * kube-system).
	 */
	List<String> releases() {
		return this.lab.kubernetes()
			.client()
			.genericKubernetesResources(TestLabs.HELM_CHARTS)
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
