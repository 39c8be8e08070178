package org.homelab.rollout.ansible.steps;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.proxmox.VmSummary;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Reads what {@code ansible-inventory --graph homelab} printed on the VM
 * ({@code scriptOutput}) and compares it with the homelab's VMs the Proxmox API shows:
 * running, tagged as the rollout tags its VMs. Every one must be in the group; else the
 * inventory is not working and the step fails naming those missing.
 */
@Component
class CheckAnsibleInventoryDelegate implements JavaDelegate {

	private static final Pattern HOST = Pattern.compile("\\|--(?!@)(\\S+)\\s*$");

	private final AnsibleSteps steps;

	private final String tag;

	CheckAnsibleInventoryDelegate(AnsibleSteps steps,
			@Value("${rollout.proxmox.steps.tag:homelab-rollout}") String tag) {
		this.steps = steps;
		this.tag = tag;
	}

	@Override
	public void execute(DelegateExecution execution) {
		Set<String> listed = hosts((String) execution.getVariable(AnsibleVariables.SCRIPT_OUTPUT));
		List<String> expected = new ArrayList<>();
		for (String node : this.steps.inventoryNodes()) {
			for (VmSummary vm : this.steps.proxmox().vms(node).list()) {
				if (!vm.template() && "running".equals(vm.status()) && vm.tags().contains(this.tag)) {
					expected.add(vm.name());
				}
			}
		}
		List<String> missing = expected.stream().filter(name -> !listed.contains(name)).toList();
		if (expected.isEmpty() || !missing.isEmpty()) {
			throw new IllegalStateException("ansible-inventory on the ansible VM lists " + listed
					+ " in the group homelab, but Proxmox VE runs " + expected + " tagged " + this.tag
					+ ": check the inventory token (ansible@pve!inventory, PVEAuditor) and inventory/proxmox.yml, "
					+ "then retry.");
		}
		execution.setVariable(AnsibleVariables.INVENTORY_HOSTS, String.join(",", listed));
	}

	/** The hosts of {@code ansible-inventory --graph}: lines {@code |--name}. */
	static Set<String> hosts(String graph) {
		Set<String> hosts = new LinkedHashSet<>();
		if (graph != null) {
			for (String line : graph.lines().toList()) {
				Matcher host = HOST.matcher(line);
				if (host.find()) {
					hosts.add(host.group(1));
				}
			}
		}
		return hosts;
	}

}
