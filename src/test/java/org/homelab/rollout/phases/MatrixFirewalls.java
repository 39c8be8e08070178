package org.homelab.rollout.phases;

import java.util.List;
import java.util.Map;

import org.homelab.rollout.matrix.VmFirewallPlan;
import org.homelab.rollout.proxmox.FirewallRule;
import org.homelab.rollout.rehearsal.RehearsalLab;
import org.homelab.rollout.rehearsal.proxmox.FirewallView;
import org.homelab.rollout.rehearsal.proxmox.VmView;
import org.homelab.rollout.support.TestLabs;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the lab's Proxmox holds for each VM of the phases so far is exactly the rule set
 * the integration matrix derives for them: those ports from those sources, enabled,
 * inbound DROP otherwise, the firewall on at net0. After a phase's rollback the earlier
 * phase's set is all that is left.
 */
final class MatrixFirewalls {

	private MatrixFirewalls() {
	}

	static void assertAsDerived(VmFirewallPlan plan, RehearsalLab lab, int phase, String... vms) {
		Map<String, List<FirewallRule>> expected = plan.byVm(phase);
		assertThat(expected).as("VMs with rules after phase %d", phase).containsOnlyKeys(vms);
		expected.forEach((vm, rules) -> {
			VmView view = TestLabs.vms(lab.proxmox(), vm).get(0);
			FirewallView firewall = lab.proxmox().firewall(view.vmid());
			assertThat(firewall.enabled()).as(vm).isTrue();
			assertThat(firewall.policyIn()).as(vm).isEqualTo("DROP");
			assertThat(view.config().get("net0")).as(vm).contains("firewall=1");
			assertThat(firewall.rules()).as("%s after phase %d", vm, phase)
				.extracting(rule -> List.of(rule.get("type"), rule.get("action"), rule.get("proto"), rule.get("dport"),
						rule.get("source"), rule.get("comment"), rule.get("enable")))
				.containsExactlyInAnyOrderElementsOf(rules.stream()
					.map(rule -> List.of(rule.type(), rule.action(), rule.proto(), rule.dport(), rule.source(),
							rule.comment(), "1"))
					.toList());
		});
	}

}
