package org.homelab.rollout.proxmox.steps;

import java.util.List;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.inventory.Inventory;
import org.homelab.rollout.inventory.NetworkPlan;
import org.homelab.rollout.inventory.PlannedVm;
import org.homelab.rollout.proxmox.ConfigRequest;
import org.homelab.rollout.proxmox.ProxmoxOperations;

import org.springframework.stereotype.Component;

/**
 * Sizes the VM as planned and sets cloud-init (user, SSH keys, address, DNS), the guest
 * agent and the rollout tag, in one synchronous call. Setting the same values again
 * changes nothing, so a retry is safe.
 */
@Component
class ConfigureVmDelegate implements JavaDelegate {

	private final ProxmoxOperations proxmox;

	private final Inventory inventory;

	private final ProxmoxStepProperties properties;

	ConfigureVmDelegate(ProxmoxOperations proxmox, Inventory inventory, ProxmoxStepProperties properties) {
		this.proxmox = proxmox;
		this.inventory = inventory;
		this.properties = properties;
	}

	@Override
	public void execute(DelegateExecution execution) {
		PlannedVm vm = PlannedVms.of(this.inventory, execution);
		NetworkPlan network = this.inventory.network();
		ConfigRequest request = ConfigRequest.create()
			.withCores(vm.cores())
			.withMemoryMb(vm.memoryMb())
			.withCiUser(this.properties.ciUser())
			.withSshKeys(this.properties.sshKeys())
			.withIpConfig0(ipconfig(vm, network))
			.withNameservers(network.nameservers())
			.withSearchDomain(network.dnsDomain())
			.withAgent(true)
			.withTags(List.of(this.properties.tag()));
		String node = (String) execution.getVariable(ProxmoxVariables.NODE);
		int vmid = (Integer) execution.getVariable(ProxmoxVariables.VMID);
		ProxmoxFailures.run(() -> this.proxmox.vms(node).configure(vmid, request));
	}

	static String ipconfig(PlannedVm vm, NetworkPlan network) {
		if (network.mode() == NetworkPlan.Mode.DHCP) {
			return "ip=dhcp";
		}
		String prefix = network.cidr().substring(network.cidr().indexOf('/') + 1);
		return "ip=" + vm.address() + "/" + prefix + ",gw=" + network.gateway();
	}

}
