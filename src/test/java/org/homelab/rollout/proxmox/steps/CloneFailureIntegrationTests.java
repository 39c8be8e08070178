package org.homelab.rollout.proxmox.steps;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.FaultInjector.Kind;
import org.homelab.rollout.rehearsal.FaultInjector.Rule;
import org.homelab.rollout.rehearsal.Latency;
import org.homelab.rollout.rehearsal.RequestJournal;
import org.homelab.rollout.rehearsal.proxmox.ProxmoxLab;
import org.homelab.rollout.rehearsal.proxmox.ProxmoxLabSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * provision-vm against a lab whose first clone task fails, as a full storage or a lock
 * timeout makes it fail.
 */
@SpringBootTest(properties = { "rollout.waits.poll-interval=10ms", "rollout.waits.initial-backoff=30ms",
		"rollout.waits.max-backoff=200ms", "rollout.waits.retries=2", "rollout.waits.retry-backoff=200ms",
		"rollout.proxmox.steps.retry-cycle=PT1S,PT1S,PT1S", "rollout.proxmox.client.read-timeout=1s",
		"rehearsal.embedded=false" })
@ActiveProfiles({ "rehearsal", "test" })
class CloneFailureIntegrationTests {

	static final RequestJournal journal = new RequestJournal();

	static final ProxmoxLab lab = LabEngine.started(ProxmoxLabSettings.defaults()
		.withJournal(journal)
		.withLatency(Latency.scaled(0.005))
		.withFaults(new FaultInjector(List.of(Rule.nth("proxmox", "clone", Kind.TASK_ERROR, 1)), 1)));

	@Autowired
	RuntimeService runtime;

	@Autowired
	HistoryService history;

	@Autowired
	ManagementService management;

	@DynamicPropertySource
	static void lab(DynamicPropertyRegistry registry) {
		LabEngine.register(registry, lab);
	}

	@AfterAll
	static void stop() {
		lab.close();
	}

	@Test
	void failingCloneTaskBecomesAnIncidentQuotingProxmoxAndItsRetryCarriesOn() {
		ProcessInstance run = this.runtime.startProcessInstanceByKey("provision-vm", "fault-1",
				Map.of(ProxmoxVariables.VM_NAME, "prometheus"));
		Incident incident = await().atMost(Duration.ofSeconds(30))
			.until(() -> this.runtime.createIncidentQuery().processInstanceId(run.getId()).singleResult(),
					found -> found != null);
		assertThat(incident.getActivityId()).isEqualTo("report-failure");
		assertThat(incident.getIncidentMessage()).contains("Proxmox VE task qmclone of VM 9000 on node pve failed")
			.contains("clone failed: cfs-lock 'storage-local-lvm' error: got lock request timeout")
			.contains("TASK ERROR: clone failed")
			.contains("retry this incident");
		assertThat(LabEngine.named(lab, "prometheus")).isEmpty();

		// the operator fixed the storage and retries: the run starts over and clones
		// again
		this.management.setJobRetries(incident.getConfiguration(), 1);
		await().atMost(Duration.ofSeconds(60)).until(() -> LabEngine.ended(this.history, run.getId()));
		assertThat(LabEngine.named(lab, "prometheus")).hasSize(1);
		assertThat(LabEngine.variables(this.history, run.getId())).containsEntry(ProxmoxVariables.ADDRESS,
				"127.0.10.21");
	}

}
