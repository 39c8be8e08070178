package org.homelab.rollout.gitlab.steps;

import java.util.Map;
import java.util.Optional;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.homelab.rollout.proxmox.GuestFiles;
import org.homelab.rollout.proxmox.ProxmoxOperations;

import org.springframework.stereotype.Component;

/**
 * The gitlab-ce VM's guest agent, as findVmDelegate found the VM ({@code vmid},
 * {@code proxmoxNode}): reads and writes files. A file's content never goes into a
 * message.
 */
@Component
class GitlabGuest {

	private final ProxmoxOperations proxmox;

	GitlabGuest(ProxmoxOperations proxmox) {
		this.proxmox = proxmox;
	}

	GuestFiles of(VariableScope variables) {
		Object vmid = variables.getVariable("vmid");
		Object node = variables.getVariable("proxmoxNode");
		if (vmid == null || node == null) {
			throw new BpmnError(GitlabVariables.FAILED, "No VM found for " + variables.getVariable("vmName")
					+ ": provision it (provision-vm) or name the right VM (inventory), then retry.");
		}
		return new GuestFiles(this.proxmox.agent(node.toString()), (Integer) vmid,
				String.valueOf(variables.getVariable("vmName")));
	}

	Optional<String> read(VariableScope variables, String path) {
		return of(variables).read(path);
	}

	void write(VariableScope variables, Map<String, String> files) {
		of(variables).write(files);
	}

}
