package org.homelab.rollout.matrix;

import java.util.List;

import org.homelab.rollout.proxmox.FirewallRule;
import org.homelab.rollout.proxmox.LabFirewalls;
import org.homelab.rollout.proxmox.ProxmoxFirewallOperations;
import org.homelab.rollout.rehearsal.LabNetwork;
import org.homelab.rollout.rehearsal.Latency;
import org.homelab.rollout.rehearsal.RequestJournal;
import org.homelab.rollout.rehearsal.proxmox.ProxmoxLab;
import org.homelab.rollout.rehearsal.proxmox.ProxmoxLabSettings;
import org.homelab.rollout.support.Contract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Phase 2's additions to the Vault VM that Phase 1 created, against the lab's Proxmox
 * (every call checked by the schema): only what Phase 1 did not open is created, a second
 * run adds nothing, the undo leaves Phase 1's rules and the homelab's own.
 */
class VmFirewallUpdateTests {

	static final RequestJournal journal = new RequestJournal();

	static ProxmoxLab lab;

	static ProxmoxFirewallOperations firewall;

	final VmFirewallPlan plan = new VmFirewallPlan(IntegrationMatrix.PLAN, VmFirewallPlanTests.INVENTORY,
			VmFirewallPlanTests.ACCESS);

	final VmFirewallUpdate update = new VmFirewallUpdate(this.plan);

	@BeforeAll
	static void start() {
		LabNetwork.claim(VmFirewallUpdateTests.class);
		lab = new ProxmoxLab(ProxmoxLabSettings.defaults().withJournal(journal).withLatency(Latency.scaled(0.002)));
		lab.start();
		firewall = LabFirewalls.of(lab);
	}

	@AfterAll
	static void stop() {
		lab.close();
	}

	@BeforeEach
	void clean() {
		lab.reset();
		journal.clear();
	}

	@AfterEach
	void everyRequestMatchedThePublishedSchema() {
		assertThat(lab.schemaChecked()).isEqualTo(Contract.PROXMOX_VE.present());
		assertThat(journal.violations()).isEmpty();
	}

	@Test
	void phaseTwoAddsToTheVaultVmOnlyWhatPhaseOneDidNotOpenAndItsUndoTakesOnlyThat() {
		int vault = 9000;
		this.plan.rulesWhenCreated("vault").forEach(rule -> firewall.ensure(vault, rule));
		firewall.create(vault, new FirewallRule("in", "ACCEPT", "tcp", "22", "192.168.1.0/24", "admin ssh", true, -1));
		List<String> phase1 = comments(vault);

		List<String> created = this.update.ensure(firewall, vault, "vault", 2);

		// GitLab's VM reaches Vault now; the runners' K3s nodes were open already (ESO)
		assertThat(created).containsExactly("homelab-rollout: vault api from gitlab-ce 192.168.1.23");
		assertThat(comments(vault)).containsAll(phase1).hasSize(phase1.size() + 1);
		assertThat(this.update.ensure(firewall, vault, "vault", 2)).as("a second run").isEmpty();
		assertThat(comments(vault)).hasSize(phase1.size() + 1);

		assertThat(this.update.remove(firewall, vault, created)).isEqualTo(1);
		assertThat(comments(vault)).containsExactlyInAnyOrderElementsOf(phase1);
		assertThat(this.update.remove(firewall, vault, List.of())).isZero();
	}

	private static List<String> comments(int vmid) {
		return firewall.rules(vmid).rules().stream().map(FirewallRule::comment).toList();
	}

}
