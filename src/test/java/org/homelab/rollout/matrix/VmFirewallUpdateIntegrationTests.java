package org.homelab.rollout.matrix;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.ProcessEngine;
import org.homelab.rollout.rehearsal.RehearsalLab;
import org.homelab.rollout.rehearsal.proxmox.VmView;
import org.homelab.rollout.support.ProcessRuns;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * vm-firewall-update and its undo on the lab: Phase 2's rules on the Vault VM Phase 1
 * created (with Phase 1's rules), once; the undo leaves Phase 1's exactly. The monitoring
 * tests' properties, state directory included, so it runs in their context instead of
 * starting an engine and a lab of its own.
 */
@SpringBootTest(properties = { "rollout.waits.initial-backoff=50ms", "rollout.waits.max-backoff=300ms",
		"rollout.proxmox.steps.retry-cycle=PT1S,PT1S,PT1S",
		"rollout.monitoring.state-dir=target/monitoring-it/${random.uuid}" })
@ActiveProfiles({ "rehearsal", "test" })
class VmFirewallUpdateIntegrationTests {

	@Autowired
	RehearsalLab lab;

	@Autowired
	ProcessEngine engine;

	ProcessRuns runs;

	@BeforeEach
	void reset() {
		this.lab.reset();
		this.runs = new ProcessRuns(this.engine).within(Duration.ofSeconds(90));
	}

	@Test
	void phaseTwoOpensTheVaultVmToGitlabOnceAndItsUndoLeavesPhaseOnesRules() {
		this.runs.run("provision-vm", "fw-2", Map.of("vmName", "vault"));
		List<String> phase1 = comments();
		assertThat(phase1).isNotEmpty().noneMatch(comment -> comment.contains("gitlab"));

		ProcessRuns.Run update = this.runs.run("vm-firewall-update", "fw-2",
				Map.of("vmName", "vault", "rolloutPhase", 2));
		assertThat((String) update.variables().get("phaseFirewallRulesAdded"))
			.isEqualTo("homelab-rollout: vault api from gitlab-ce 127.0.10.23");
		assertThat(comments()).containsAll(phase1).hasSize(phase1.size() + 1);
		ProcessRuns.Run again = this.runs.run("vm-firewall-update", "fw-2",
				Map.of("vmName", "vault", "rolloutPhase", 2));
		assertThat((String) again.variables().get("phaseFirewallRulesAdded")).isEmpty();
		assertThat(comments()).hasSize(phase1.size() + 1);

		this.runs.run("vm-firewall-update-undo", "fw-2", Map.of("vmName", "vault", "phaseFirewallRulesAdded",
				update.variables().get("phaseFirewallRulesAdded")));
		assertThat(comments()).containsExactlyInAnyOrderElementsOf(phase1);
		assertThat(this.lab.journal().violations()).isEmpty();
	}

	private List<String> comments() {
		VmView vault = this.lab.proxmox()
			.vms()
			.stream()
			.filter(v -> v.name().equals("vault"))
			.findFirst()
			.orElseThrow();
		return this.lab.proxmox().firewall(vault.vmid()).comments();
	}

}
