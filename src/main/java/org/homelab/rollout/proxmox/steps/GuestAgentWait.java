package org.homelab.rollout.proxmox.steps;

import java.util.List;
import java.util.Map;

import org.homelab.rollout.inventory.Inventory;
import org.homelab.rollout.inventory.NetworkPlan;
import org.homelab.rollout.inventory.PlannedVm;
import org.homelab.rollout.proxmox.GuestInterface;
import org.homelab.rollout.proxmox.ProxmoxApiException;
import org.homelab.rollout.proxmox.ProxmoxException;
import org.homelab.rollout.proxmox.ProxmoxOperations;
import org.homelab.rollout.proxmox.TaskStatus;
import org.homelab.rollout.proxmox.Upid;
import org.homelab.rollout.waiting.Check;
import org.homelab.rollout.waiting.WaitCondition;
import org.springframework.stereotype.Component;

/**
 * Topic {@code proxmox-guest-agent}: waits until the VM's guest agent answers and reports the planned address (static
 * plan, VM configured by this run) or any address (DHCP, adopted VM), and hands it out as {@code vmAddress}. One
 * request per look while it boots; the start task ({@code proxmoxTask}) is read only while the VM does not run, to
 * notice a start that failed.
 */
@Component
class GuestAgentWait implements WaitCondition {

	static final String TOPIC = "proxmox-guest-agent";

	private final ProxmoxOperations proxmox;

	private final Inventory inventory;

	private final ProxmoxTaskWait tasks;

	GuestAgentWait(ProxmoxOperations proxmox, Inventory inventory, ProxmoxTaskWait tasks) {
		this.proxmox = proxmox;
		this.inventory = inventory;
		this.tasks = tasks;
	}

	@Override
	public String topic() {
		return TOPIC;
	}

	@Override
	public Check check(Map<String, Object> variables) {
		String node = (String) variables.get(ProxmoxVariables.NODE);
		int vmid = (Integer) variables.get(ProxmoxVariables.VMID);
		String name = (String) variables.get(ProxmoxVariables.VM_NAME);
		try {
			this.proxmox.agent(node).ping(vmid);
			return address(node, vmid, name, Boolean.TRUE.equals(variables.get(ProxmoxVariables.CREATED)));
		}
		catch (ProxmoxApiException ex) {
			if (ex.agentNotRunning()) {
				return Check.waiting("the guest agent of VM " + vmid + " (" + name + ") to answer: it is booting");
			}
			if (ex.vmNotRunning() && variables.get(ProxmoxVariables.TASK) != null) {
				return startTask(new Upid(variables.get(ProxmoxVariables.TASK).toString()), vmid, name);
			}
			return ProxmoxChecks.failure(ex);
		}
		catch (ProxmoxException ex) {
			return ProxmoxChecks.failure(ex);
		}
	}

	private Check startTask(Upid upid, int vmid, String name) {
		TaskStatus status = this.proxmox.tasks(upid.node()).status(upid);
		if (status.failed()) {
			return this.tasks.failed(upid, status.exitstatus());
		}
		return Check.waiting("VM " + vmid + " (" + name + ") to start (" + upid.text() + ")");
	}

	/** A VM this run configured must show its planned address; an adopted one keeps whatever it has. */
	private Check address(String node, int vmid, String name, boolean configuredByRun) {
		List<String> addresses = this.proxmox.agent(node)
			.networkInterfaces(vmid)
			.stream()
			.filter(iface -> !iface.loopback())
			.flatMap(iface -> iface.ipv4Addresses().stream())
			.toList();
		String planned = (configuredByRun && this.inventory.network().mode() == NetworkPlan.Mode.STATIC)
				? this.inventory.vm(name).map(PlannedVm::address).orElse(null) : null;
		if (planned != null) {
			return addresses.contains(planned) ? Check.done(Map.of(ProxmoxVariables.ADDRESS, planned))
					: Check.waiting("VM " + vmid + " (" + name + ") to take its planned address " + planned
							+ " (cloud-init); it reports " + addresses);
		}
		return addresses.isEmpty() ? Check.waiting("VM " + vmid + " (" + name + ") to lease an address")
				: Check.done(Map.of(ProxmoxVariables.ADDRESS, addresses.get(0)));
	}

}
