package org.homelab.rollout.matrix;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.homelab.rollout.inventory.AccessSources;
import org.homelab.rollout.inventory.FrontendServer;
import org.homelab.rollout.inventory.Inventory;
import org.homelab.rollout.inventory.NetworkPlan;
import org.homelab.rollout.inventory.PlannedVm;
import org.homelab.rollout.inventory.ProxmoxSite;
import org.homelab.rollout.proxmox.FirewallRule;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The rules per VM follow from the matrix and the inventory, nothing more. */
class VmFirewallPlanTests {

	static final Inventory INVENTORY = new Inventory(null,
			new NetworkPlan(
					NetworkPlan.Mode.STATIC, "192.168.1.0/24", "192.168.1.1", "homelab.lan", List.of("192.168.1.1")),
			null, new FrontendServer("frontend.homelab.lan", "192.168.1.10"),
			List.of(new PlannedVm("prometheus", 2, 4096, 50, "192.168.1.21"),
					new PlannedVm("vault", 4, 8192, 50, "192.168.1.22"),
					new PlannedVm("gitlab-ce", 4, 8192, 100, "192.168.1.23"),
					new PlannedVm("ansible", 2, 4096, 50, "192.168.1.24"),
					new PlannedVm("proxmox-backup", 2, 4096, 100, "192.168.1.25")));

	static final AccessSources ACCESS = new AccessSources("192.168.1.5", List.of("192.168.1.30", "192.168.1.31"));

	final VmFirewallPlan plan = new VmFirewallPlan(IntegrationMatrix.PLAN, INVENTORY, ACCESS);

	@Test
	void phaseOneOpensThePrometheusAndVaultVmsToExactlyWhoNeedsThem() {
		Map<String, List<FirewallRule>> rules = this.plan.byVm(1);
		assertThat(rules).containsOnlyKeys("prometheus", "vault");
		assertThat(rules.get("prometheus")).extracting(VmFirewallPlanTests::row)
			.containsExactly("9090 from 192.168.1.10: homelab-rollout: prometheus ui from frontend",
					"9090 from 192.168.1.5: homelab-rollout: prometheus api from engine");
		assertThat(rules.get("vault")).extracting(VmFirewallPlanTests::row)
			.containsExactly("8200 from 192.168.1.10: homelab-rollout: vault ui from frontend",
					"8200 from 192.168.1.21: homelab-rollout: vault metrics from prometheus",
					"8200 from 192.168.1.30: homelab-rollout: vault api from eso 192.168.1.30",
					"8200 from 192.168.1.31: homelab-rollout: vault api from eso 192.168.1.31",
					"8200 from 192.168.1.5: homelab-rollout: vault api from engine",
					"9100 from 192.168.1.21: homelab-rollout: vault node-exporter from prometheus");
		assertThat(rules.values().stream().flatMap(List::stream)).allSatisfy(rule -> {
			assertThat(rule.type()).isEqualTo("in");
			assertThat(rule.action()).isEqualTo("ACCEPT");
			assertThat(rule.proto()).isEqualTo("tcp");
			assertThat(rule.enabled()).isTrue();
			assertThat(rule.isRollouts()).isTrue();
		});
	}

	@Test
	void aLaterPhaseOpensVaultToTheServicesThatKeepTheirSecretsThere() {
		List<String> vault = this.plan.rules("vault", 2).stream().map(VmFirewallPlanTests::row).toList();
		// the runners' nodes reach Vault by the rule Phase 1 opened for ESO: the earliest
		// phase's rule stays, as on the live VM (vm-firewall-update adds only what is not
		// open)
		assertThat(vault)
			.contains("8200 from 192.168.1.23: homelab-rollout: vault api from gitlab-ce 192.168.1.23",
					"8200 from 192.168.1.30: homelab-rollout: vault api from eso 192.168.1.30")
			.noneMatch(rule -> rule.contains("vault api from gitlab-runner"));
		assertThat(this.plan.rules("vault", 1)).noneMatch(rule -> rule.comment().contains("gitlab"));
		assertThat(this.plan.rules("gitlab-ce", 2)).extracting(VmFirewallPlanTests::row)
			.contains("80 from 192.168.1.10: homelab-rollout: gitlab-ce ui from frontend",
					"9168 from 192.168.1.21: homelab-rollout: gitlab-ce metrics from prometheus",
					"80 from 192.168.1.31: homelab-rollout: gitlab-ce api from gitlab-runner 192.168.1.31");
	}

	@Test
	void phaseTwoOpensTheGitlabVmToTheFrontDoorPrometheusTheRunnersAndTheEngineOnly() {
		assertThat(this.plan.byVm(2)).containsOnlyKeys("prometheus", "vault", "gitlab-ce");
		assertThat(this.plan.rules("gitlab-ce", 2)).extracting(VmFirewallPlanTests::row)
			.containsExactly("80 from 192.168.1.10: homelab-rollout: gitlab-ce ui from frontend",
					"9168 from 192.168.1.21: homelab-rollout: gitlab-ce metrics from prometheus",
					"5050 from 192.168.1.10: homelab-rollout: gitlab-ce registry from frontend",
					"80 from 192.168.1.21: homelab-rollout: gitlab-ce rails metrics from prometheus",
					"80 from 192.168.1.30: homelab-rollout: gitlab-ce api from gitlab-runner 192.168.1.30",
					"80 from 192.168.1.31: homelab-rollout: gitlab-ce api from gitlab-runner 192.168.1.31",
					"80 from 192.168.1.5: homelab-rollout: gitlab-ce api from engine",
					"9100 from 192.168.1.21: homelab-rollout: gitlab-ce node-exporter from prometheus");
		// what the VM gets when Phase 2 creates it is that same set; no SSH: git goes
		// over HTTPS
		assertThat(this.plan.rulesWhenCreated("gitlab-ce")).isEqualTo(this.plan.rules("gitlab-ce", 2));
		assertThat(this.plan.rules("gitlab-ce", 2)).noneMatch(rule -> rule.dport().equals("22"));
		// Phase 2 leaves the Prometheus VM's rules as Phase 1 made them
		assertThat(this.plan.rules("prometheus", 2)).isEqualTo(this.plan.rules("prometheus", 1));
	}

	@Test
	void phaseFourOpensProxmoxBackupToTheNodeTheFrontDoorAndTheEngineAndItsExporterToPrometheusOnly() {
		Inventory withNode = new Inventory(new ProxmoxSite(URI.create("https://192.168.1.2:8006/api2/json"),
				List.of("pve"), "root@pam!rollout", null, "PVE_TOKEN", null, null,
				new ProxmoxSite.Template(9000, "debian-13"), "local-lvm", "local", "vmbr0"), INVENTORY.network(), null,
				INVENTORY.frontend(), INVENTORY.vms());
		VmFirewallPlan phase4 = new VmFirewallPlan(IntegrationMatrix.PLAN, withNode, ACCESS);
		assertThat(phase4.rules("proxmox-backup", 4)).extracting(VmFirewallPlanTests::row)
			.containsExactly("8007 from 192.168.1.10: homelab-rollout: proxmox-backup ui from frontend",
					"10019 from 192.168.1.21: homelab-rollout: proxmox-backup metrics from prometheus",
					"8007 from 192.168.1.2: homelab-rollout: proxmox-backup api from proxmox node",
					"8007 from 192.168.1.5: homelab-rollout: proxmox-backup api from engine",
					"9100 from 192.168.1.21: homelab-rollout: proxmox-backup node-exporter from prometheus");
		assertThat(phase4.rulesWhenCreated("proxmox-backup")).isEqualTo(phase4.rules("proxmox-backup", 4));
		assertThat(phase4.rules("proxmox-backup", 3)).isEmpty();
	}

	@Test
	void aVmNoServiceOfThePhasesSoFarRunsOnGetsNoRules() {
		assertThat(this.plan.rules("gitlab-ce", 1)).isEmpty();
		assertThat(this.plan.rules("frontend", 4)).isEmpty();
		assertThat(this.plan.byVm(4)).containsOnlyKeys("prometheus", "vault", "gitlab-ce", "ansible", "proxmox-backup");
	}

	@Test
	void theRulesOfOneVmAreDistinctSoEnsuringThemTwiceAddsNothing() {
		for (List<FirewallRule> rules : this.plan.byVm(4).values()) {
			for (int i = 0; i < rules.size(); i++) {
				for (int j = i + 1; j < rules.size(); j++) {
					assertThat(rules.get(i).sameAs(rules.get(j))).as("%s vs %s", rules.get(i), rules.get(j)).isFalse();
				}
			}
		}
	}

	@Test
	void underDhcpARuleFromAVmTakesTheNetworksCidr() {
		Inventory dhcp = new Inventory(null,
				new NetworkPlan(
						NetworkPlan.Mode.DHCP, "192.168.1.0/24", "192.168.1.1", "homelab.lan", List.of("192.168.1.1")),
				null, INVENTORY.frontend(),
				INVENTORY.vms()
					.stream()
					.map(vm -> new PlannedVm(vm.name(), vm.cores(), vm.memoryMb(), vm.diskGb(), null))
					.toList());
		assertThat(new VmFirewallPlan(IntegrationMatrix.PLAN, dhcp, ACCESS).rules("vault", 1))
			.extracting(VmFirewallPlanTests::row)
			.contains("8200 from 192.168.1.0/24: homelab-rollout: vault metrics from prometheus",
					"9100 from 192.168.1.0/24: homelab-rollout: vault node-exporter from prometheus",
					"8200 from 192.168.1.10: homelab-rollout: vault ui from frontend");
	}

	static String row(FirewallRule rule) {
		return rule.dport() + " from " + rule.source() + ": " + rule.comment();
	}

}
