package org.homelab.rollout.proxmox;

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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The firewall client against the rehearsal lab, every call checked by the schema. */
class ProxmoxFirewallTests {

	static final RequestJournal journal = new RequestJournal();

	static ProxmoxLab lab;

	static ProxmoxFirewallOperations firewall;

	@BeforeAll
	static void start() {
		lab = new ProxmoxLab(ProxmoxLabSettings.defaults().withJournal(journal).withLatency(Latency.scaled(0.002)));
		lab.start();
		firewall = LabSites.client(lab).firewall("pve");
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
	void ensureCreatesAnEnabledMarkedRuleOnceAndListReadsItBack() {
		FirewallRule grafana = FirewallRule.acceptIn("grafana", "ui from frontend", "tcp", "3000", "192.168.1.20");
		assertThat(firewall.ensure(9000, grafana)).isTrue();
		assertThat(firewall.ensure(9000, grafana)).isFalse();
		FirewallRules rules = firewall.rules(9000);
		assertThat(rules.rules()).singleElement().satisfies(rule -> {
			assertThat(rule.sameAs(grafana)).isTrue();
			assertThat(rule.enabled()).isTrue();
			assertThat(rule.pos()).isZero();
			assertThat(rule.comment()).isEqualTo("homelab-rollout: grafana ui from frontend");
			assertThat(rule.isFor("grafana")).isTrue();
			assertThat(rule.isFor("graf")).isFalse();
		});
		assertThat(rules.digest()).hasSize(40);
		assertThat(lab.firewall(9000).rules()).singleElement()
			.satisfies(rule -> assertThat(rule).containsEntry("dport", "3000")
				.containsEntry("source", "192.168.1.20")
				.containsEntry("enable", "1"));
	}

	@Test
	void undoDeletesOnlyTheRolloutsRulesAndLeavesTheOthersInTheirOrder() {
		firewall.create(9000, new FirewallRule("in", "ACCEPT", "tcp", "22", "192.168.1.0/24", "admin ssh", true, -1));
		firewall.create(9000, FirewallRule.acceptIn("grafana", "ui", "tcp", "3000", "192.168.1.20"));
		firewall.create(9000, new FirewallRule("in", "DROP", null, null, "10.0.0.0/8", null, true, -1));
		firewall.create(9000, FirewallRule.acceptIn("vault", "api from k3s", "tcp", "8200", "192.168.1.31"));
		firewall.create(9000, new FirewallRule("out", "ACCEPT", "udp", "53", null, "homelab dns", false, -1));
		assertThat(lab.firewall(9000).comments()).containsExactly("homelab dns", "homelab-rollout: vault api from k3s",
				"", "homelab-rollout: grafana ui", "admin ssh");

		assertThat(firewall.deleteAll(9000, rule -> rule.isFor("grafana"))).isEqualTo(1);
		assertThat(lab.firewall(9000).comments()).containsExactly("homelab dns", "homelab-rollout: vault api from k3s",
				"", "admin ssh");
		assertThat(firewall.deleteAll(9000, FirewallRule::isRollouts)).isEqualTo(1);
		assertThat(firewall.deleteAll(9000, FirewallRule::isRollouts)).isZero();
		assertThat(lab.firewall(9000).comments()).containsExactly("homelab dns", "", "admin ssh");
		assertThat(firewall.rules(9000).rules()).extracting(FirewallRule::pos).containsExactly(0, 1, 2);
	}

	@Test
	void aDeleteWithAStaleDigestIsRefusedAndDeletesNothing() {
		firewall.create(9000, FirewallRule.acceptIn("grafana", "ui", "tcp", "3000", "192.168.1.20"));
		String digest = firewall.rules(9000).digest();
		firewall.create(9000, new FirewallRule("in", "ACCEPT", "tcp", "22", null, "admin ssh", true, -1));
		assertThatThrownBy(() -> firewall.delete(9000, 0, digest)).isInstanceOfSatisfying(ProxmoxApiException.class,
				ex -> {
					assertThat(ex.status()).isEqualTo(500);
					assertThat(ex.reason()).startsWith("detected modified configuration");
				});
		assertThat(lab.firewall(9000).rules()).hasSize(2);
	}

	@Test
	void optionsReadAsPveDefaultsUntilSetThenAsSet() {
		FirewallOptions defaults = firewall.options(9000);
		assertThat(defaults.enabled()).isFalse();
		assertThat(defaults.policyIn()).isEqualTo("DROP");
		assertThat(defaults.policyOut()).isEqualTo("ACCEPT");
		firewall.setOptions(9000, true, "DROP", "ACCEPT");
		assertThat(firewall.options(9000).enabled()).isTrue();
		assertThat(lab.firewall(9000).options()).containsEntry("enable", "1")
			.containsEntry("policy_in", "DROP")
			.containsEntry("policy_out", "ACCEPT");
	}

	@Test
	void theDevicesFirewallFlagIsSetOnceKeepingItsOtherSettings() {
		assertThat(firewall.enableOnDevice(9000, "net0")).isTrue();
		assertThat(lab.vm(9000).orElseThrow().config().get("net0"))
			.isEqualTo("virtio=BC:24:11:00:90:00,bridge=vmbr0,firewall=1");
		assertThat(firewall.enableOnDevice(9000, "net0")).isFalse();
		assertThatThrownBy(() -> firewall.enableOnDevice(9000, "net1")).isInstanceOf(IllegalArgumentException.class);
		assertThat(ProxmoxFirewallTemplate.withFirewall("virtio=AA:BB:CC:DD:EE:02,bridge=vmbr0,firewall=0,tag=5"))
			.isEqualTo("virtio=AA:BB:CC:DD:EE:02,bridge=vmbr0,firewall=1,tag=5");
	}

	@Test
	void aMarkThatCouldBreakTheFirewallFileIsRefused() {
		assertThatThrownBy(() -> FirewallRule.mark("grafana", "ui\nIN ACCEPT -p tcp"))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> FirewallRule.mark("Grafana UI", "ui")).isInstanceOf(IllegalArgumentException.class);
		assertThat(FirewallRule.mark("vault", "api from k3s")).isEqualTo("homelab-rollout: vault api from k3s");
	}

}
