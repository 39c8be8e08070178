package org.homelab.rollout.phases;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.homelab.rollout.rehearsal.RehearsalLab;
import org.homelab.rollout.vault.VaultLabFixture;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One application context for the Phase 1 tests: the embedded lab with short waits, the test-only stand-ins of the
 * processes not merged yet, and a rehearsal Vault of its own (TLS by its own CA) where vault-setup finds Vault, as it
 * would once vault-install has put one on the Vault VM.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "rollout.waits.poll-interval=20ms", "rollout.waits.initial-backoff=20ms",
				"rollout.waits.max-backoff=200ms", "rollout.waits.retries=1", "rollout.waits.retry-backoff=100ms",
				"rollout.kubernetes.retry-cycle=PT1S", "rollout.proxmox.steps.retry-cycle=PT1S,PT1S",
				"rollout.proxmox.client.read-timeout=2s" })
@ActiveProfiles({ "rehearsal", "test" })
@Import(Phase1StandIns.class)
abstract class Phase1Context {

	static final VaultLabFixture VAULT = new VaultLabFixture(tempDir("phase-1-vault"));

	/** The engine token for that Vault: one per Vault, or a second context finds Vault set up but has no token. */
	static final Path VAULT_STATE = tempDir("phase-1-vault-state");

	@DynamicPropertySource
	static void vault(DynamicPropertyRegistry registry) {
		registry.add("rollout.vault.address", () -> VAULT.target().address().toString());
		registry.add("rollout.vault.ca-file", () -> VAULT.caFile().toString());
		registry.add("rollout.vault.state-dir", VAULT_STATE::toString);
	}

	@LocalServerPort
	int port;

	@Autowired
	RehearsalLab lab;

	@Autowired
	RepositoryService repository;

	@Autowired
	RuntimeService runtime;

	@Autowired
	TaskService tasks;

	@Autowired
	HistoryService history;

	@Autowired
	Phase1StandIns.Ledger standIns;

	Phase1Runs runs;

	@BeforeEach
	void cleanLab() {
		Phase1StandIns.deployMissing(this.repository);
		this.standIns.reset();
		this.lab.reset();
		this.runs = new Phase1Runs(this.lab, this.runtime, this.tasks, this.history);
	}

	static Path tempDir(String prefix) {
		try {
			Path dir = Files.createTempDirectory(prefix);
			dir.toFile().deleteOnExit();
			return dir;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
