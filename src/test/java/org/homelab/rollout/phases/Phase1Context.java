package org.homelab.rollout.phases;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.homelab.rollout.rehearsal.RehearsalLab;
import org.homelab.rollout.support.ProcessRuns;
import org.homelab.rollout.vault.SecretGenerator;
import org.homelab.rollout.vault.VaultSeal;
import org.homelab.rollout.vault.VaultTlsIssuer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * One application context for the Phase 1 tests: the embedded lab with short waits, the
 * models' retry delays a tenth of production's (a step retried once, e.g. Argo CD's first
 * session before its pod listens, or the integration matrix before Prometheus' first
 * scrape of Vault, waited the full 10 s otherwise), and state directories of its own (the
 * engine's Vault CA and token, Grafana's read-only token), so contexts never share what
 * one Vault issued.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "rollout.waits.initial-backoff=20ms", "rollout.waits.max-backoff=200ms",
				"rollout.waits.retries=1", "rollout.waits.retry-backoff=100ms", "rollout.kubernetes.retry-cycle=PT1S",
				"rollout.proxmox.steps.retry-cycle=PT1S,PT1S", "rollout.proxmox.client.read-timeout=10s",
				"rollout.retry-scale=0.1", "rollout.vault.state-dir=target/phase-1/${random.uuid}/vault",
				"rollout.monitoring.state-dir=target/phase-1/${random.uuid}/monitoring" })
@ActiveProfiles({ "rehearsal", "test" })
abstract class Phase1Context {

	/**
	 * The context Phases 2 and 3 share (one engine and lab running Phases 1 to 3): its
	 * name, and a longer Proxmox read timeout, since the lab runs the real ansible tools
	 * inside the guest-agent exec call (2-4 s on an idle machine), where qemu-ga answers
	 * at once.
	 */
	static final String LATER_PHASES = "spring.application.name=phase-2";

	static final String REAL_TOOLS_READ_TIMEOUT = "rollout.proxmox.client.read-timeout=10s";

	@LocalServerPort
	int port;

	@Autowired
	RehearsalLab lab;

	@Autowired
	ProcessEngine engine;

	@Autowired
	RepositoryService repository;

	@Autowired
	RuntimeService runtime;

	@Autowired
	TaskService tasks;

	@Autowired
	HistoryService history;

	/*
	 * Spies where Phase 1's secrets are made (Vault's shares and root token, its TLS key,
	 * generated passwords), so Phase1FoundationIntegrationTests can scan its approved run
	 * for them. Declared here, for every Phase 1 test, rather than in that class: a spy
	 * there would make it a context (an engine and a lab) of its own. They call the real
	 * methods; only that test records what they return.
	 */

	@MockitoSpyBean
	VaultSeal seal;

	@MockitoSpyBean
	SecretGenerator generator;

	@MockitoSpyBean
	VaultTlsIssuer issuer;

	Phase1 phase1;

	ProcessRuns runs;

	/**
	 * Ends every run the test left (a failed test's run keeps working in this cached
	 * context otherwise, and its lab's Vault would take the lab network's addresses from
	 * the next test class's lab: CI once saw a Vault of another CA there).
	 */
	@AfterEach
	void endLeftRuns() {
		this.runtime.createProcessInstanceQuery()
			.rootProcessInstances()
			.list()
			.forEach(run -> this.runtime.deleteProcessInstanceIfExists(run.getId(), "test over", true, true, true,
					false));
	}

	@BeforeEach
	void cleanLab() {
		this.lab.reset();
		this.phase1 = new Phase1(this.lab, this.engine);
		this.runs = this.phase1.runs();
	}

}
