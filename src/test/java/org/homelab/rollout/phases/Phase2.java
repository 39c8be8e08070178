package org.homelab.rollout.phases;

import java.time.Duration;
import java.util.List;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import org.camunda.bpm.engine.ProcessEngineServices;
import org.camunda.bpm.engine.task.Task;
import org.homelab.rollout.rehearsal.RehearsalLab;
import org.homelab.rollout.rehearsal.proxmox.VmView;
import org.homelab.rollout.support.TestLabs;

/**
 * The driver of Phase 2's runs in tests: start, gate, decision, end, and what the lab
 * holds of the phase. Phase 1 must have run in the same lab first (Phase 2 needs its
 * Vault).
 */
final class Phase2 {

	static final String KEY = "phase-2-cicd";

	static final Duration TIMEOUT = Duration.ofSeconds(180);

	static final List<String> RELEASES = List.of("gitlab-runner-general", "gitlab-runner-gpu");

	private final RehearsalLab lab;

	private final PhaseRuns phase;

	Phase2(RehearsalLab lab, ProcessEngineServices engine) {
		this.lab = lab;
		this.phase = new PhaseRuns(engine, KEY, 2, TIMEOUT);
	}

	String start(String run) {
		return this.phase.start(run);
	}

	Task awaitGate(String phase) {
		return this.phase.awaitGate(phase);
	}

	void decide(Task gate, String decision) {
		this.phase.decide(gate, decision);
	}

	/**
	 * Waits for the phase to end and answers the end event it ended at ("phase-2-done" or
	 * "phase-2-rolled-back").
	 */
	String awaitEnd(String phase) {
		return this.phase.awaitEnd(phase);
	}

	List<VmView> gitlabVms() {
		return TestLabs.vms(this.lab.proxmox(), "gitlab-ce");
	}

	/** The HelmCharts of Phase 2's runner releases in the cluster. */
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

	/** The ExternalSecrets in the runners' namespace, by name. */
	List<String> externalSecrets() {
		return this.lab.kubernetes()
			.client()
			.genericKubernetesResources("external-secrets.io/v1", "ExternalSecret")
			.inNamespace("gitlab-runner")
			.list()
			.getItems()
			.stream()
			.map(resource -> resource.getMetadata().getName())
			.sorted()
			.toList();
	}

}
