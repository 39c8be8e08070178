package org.homelab.rollout.monitoring.steps;

import java.util.Map;
import java.util.Optional;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.homelab.rollout.proxmox.GuestFiles;
import org.homelab.rollout.proxmox.ProxmoxAgentOperations;
import org.homelab.rollout.proxmox.ProxmoxOperations;

import org.springframework.stereotype.Component;

/**
 * The guest agent of the VM a process found ({@code vmid}, {@code proxmoxNode} as
 * findVmDelegate sets them).
 */
@Component
class GuestAccess {

	private final ProxmoxOperations proxmox;

	GuestAccess(ProxmoxOperations proxmox) {
		this.proxmox = proxmox;
	}

	record Guest(ProxmoxAgentOperations agent, int vmid, String name) {
	}

	Guest of(VariableScope variables) {
		Object vmid = variables.getVariable("vmid");
		Object node = variables.getVariable("proxmoxNode");
		if (vmid == null || node == null) {
			throw new BpmnError(MonitoringVariables.FAILED, "No VM found for " + variables.getVariable("vmName")
					+ ": provision it (provision-vm) or name the right VM (inventory), then retry.");
		}
		return new Guest(this.proxmox.agent(node.toString()), (Integer) vmid,
				String.valueOf(variables.getVariable("vmName")));
	}

	/** A file's content, or empty when the guest has no such file. */
	Optional<String> read(Guest guest, String path) {
		return files(guest).read(path);
	}

	/** Writes each file; the message of a failure names the path, never the content. */
	void write(Guest guest, Map<String, String> files) {
		files(guest).write(files);
	}

	private static GuestFiles files(Guest guest) {
		return new GuestFiles(guest.agent(), guest.vmid(), guest.name());
	}

	/** The guest's first non-loopback IPv4, or null. */
	String address(Guest guest) {
		return guest.agent()
			.networkInterfaces(guest.vmid())
			.stream()
			.filter(iface -> !iface.loopback())
			.flatMap(iface -> iface.ipv4Addresses().stream())
			.findFirst()
			.orElse(null);
	}

}
