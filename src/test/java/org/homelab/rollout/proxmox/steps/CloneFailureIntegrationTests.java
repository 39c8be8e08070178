package org.homelab.rollout.proxmox.steps;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.Incident;
import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.FaultInjector.Kind;
import org.homelab.rollout.rehearsal.FaultInjector.Rule;
import org.homelab.rollout.rehearsal.Latency;
import org.homelab.rollout.rehearsal.RequestJournal;
import org.homelab.rollout.rehearsal.proxmox.ProxmoxLab;
import org.homelab.rollout.rehearsal.proxmox.ProxmoxLabSettings;
import org.homelab.rollout.support.ProcessRuns;
import org.homelab.rollout.support.TestLabs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * provision-vm against a lab whose first clone task fails, as a full storage or a lock
 * timeout makes it fail.
 */
@SpringBootTest(properties = { "rollout.waits.initial-backoff=30ms", "rollout.waits.max-backoff=200ms",
		"rollout.waits.retries=2", "rollout.waits.retry-backoff=200ms",
		"rollout.proxmox.steps.retry-cycle=PT1S,PT1S,PT1S", "rollout.proxmox.client.read-timeout=1s",
		"rehearsal.embedded=false" })
@ActiveProfiles({ "rehearsal", "test" })
class CloneFailureIntegrationTests {

	static final RequestJournal journal = new RequestJournal();

	static final ProxmoxLab lab = TestLabs.started(ProxmoxLabSettings.defaults()
		.withJournal(journal)
		.withLatency(Latency.scaled(0.005))
		.withFaults(new FaultInjector(List.of(Rule.nth("proxmox", "clone", Kind.TASK_ERROR, 1)), 1)));

	@Autowired
	ProcessEngine engine;

	@Autowired
	ManagementService management;

	@DynamicPropertySource
	static void lab(DynamicPropertyRegistry registry) {
		TestLabs.register(registry, lab);
	}

	@AfterAll
	static void stop() {
		lab.close();
	}

	@Test
	void failingCloneTaskBecomesAnIncidentQuotingProxmoxAndItsRetryCarriesOn() {
		ProcessRuns runs = new ProcessRuns(this.engine).within(Duration.ofSeconds(30));
		String run = runs.start("provision-vm", "fault-1", Map.of(ProxmoxVariables.VM_NAME, "prometheus"));
		Incident incident = runs.awaitIncident(run);
		assertThat(incident.getActivityId()).isEqualTo("report-failure");
		assertThat(incident.getIncidentMessage()).contains("Proxmox VE task qmclone of VM 9000 on node pve failed")
			.contains("clone failed: cfs-lock 'storage-local-lvm' error: got lock request timeout")
			.contains("TASK ERROR: clone failed")
			.contains("retry this incident");
		assertThat(TestLabs.vms(lab, "prometheus")).isEmpty();

		// the operator fixed the storage and retries: the run starts over and clones
		// again
		this.management.setJobRetries(incident.getConfiguration(), 1);
		runs.within(Duration.ofSeconds(60)).awaitEnd(run);
		assertThat(TestLabs.vms(lab, "prometheus")).hasSize(1);
		assertThat(runs.variables(run)).containsEntry(ProxmoxVariables.ADDRESS, "127.0.10.21");
	}

}
