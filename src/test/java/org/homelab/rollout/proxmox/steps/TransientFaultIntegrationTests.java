package org.homelab.rollout.proxmox.steps;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ProcessEngine;
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
 * provision-vm against a lab that misbehaves as a busy node does: a config lock is held,
 * cfs-lock times out (500), the proxy answers 503, one call never answers. None of it
 * needs an operator.
 */
@SpringBootTest(properties = { "rollout.waits.initial-backoff=30ms", "rollout.waits.max-backoff=200ms",
		"rollout.waits.retries=2", "rollout.waits.retry-backoff=200ms",
		"rollout.proxmox.steps.retry-cycle=PT1S,PT1S,PT1S", "rollout.proxmox.client.read-timeout=1s",
		"rehearsal.embedded=false" })
@ActiveProfiles({ "rehearsal", "test" })
class TransientFaultIntegrationTests {

	static final RequestJournal journal = new RequestJournal();

	static final ProxmoxLab lab = TestLabs.started(ProxmoxLabSettings.defaults()
		.withJournal(journal)
		.withLatency(Latency.scaled(0.005))
		.withTimeoutDelay(Duration.ofSeconds(3))
		.withFaults(new FaultInjector(List.of(Rule.nth("proxmox", "config", Kind.VM_LOCKED, 1),
				Rule.nth("proxmox", "config", Kind.HTTP_500, 2), Rule.nth("proxmox", "resize", Kind.TIMEOUT, 1),
				Rule.nth("proxmox", "start", Kind.HTTP_503, 1)), 1)));

	@Autowired
	ProcessEngine engine;

	@Autowired
	HistoryService history;

	@DynamicPropertySource
	static void lab(DynamicPropertyRegistry registry) {
		TestLabs.register(registry, lab);
	}

	@AfterAll
	static void stop() {
		lab.close();
	}

	@Test
	void transientFaultsAreRetriedWithBackOffAndTheRunFinishes() {
		String run = new ProcessRuns(this.engine).within(Duration.ofSeconds(60))
			.run("provision-vm", "fault-2", Map.of(ProxmoxVariables.VM_NAME, "vault"))
			.id();
		assertThat(TestLabs.vms(lab, "vault")).hasSize(1);
		assertThat(journal.entries()).anyMatch(e -> e.status() == 503 && e.path().endsWith("/status/start"))
			.anyMatch(e -> e.status() == 500 && e.path().endsWith("/config"));
		assertThat(journal.entries()).filteredOn(e -> e.path().endsWith("/resize")).hasSizeGreaterThan(1);
		assertThat(this.history.createHistoricIncidentQuery().processInstanceId(run).count()).isZero();
	}

}
