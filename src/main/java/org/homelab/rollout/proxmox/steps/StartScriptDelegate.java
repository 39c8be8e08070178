package org.homelab.rollout.proxmox.steps;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.proxmox.ProxmoxOperations;

import org.springframework.stereotype.Component;

/**
 * Writes the script into the guest through the agent and starts it with bash;
 * {@code scriptPid} is awaited by the {@code proxmox-script} wait. Scripts must be safe
 * to run again: a retry or a re-run runs them again.
 *
 * <p>
 * Runs only in the VM the run names: the start check allows planned VMs (and the frontend
 * server from Grafana's models) by name, and the VMID given with it must be that VM, else
 * nothing is written (an admin's start with a planned name and the frontend's VMID would
 * otherwise run a script there). Each run-script writes its own file (its instance's id
 * in the name): a cancelled run's script still being read by bash is never overwritten by
 * the next run's.
 */
@Component
class StartScriptDelegate implements JavaDelegate {

	private final ProxmoxOperations proxmox;

	StartScriptDelegate(ProxmoxOperations proxmox) {
		this.proxmox = proxmox;
	}

	@Override
	public void execute(DelegateExecution execution) {
		String node = (String) execution.getVariable(ProxmoxVariables.NODE);
		int vmid = (Integer) execution.getVariable(ProxmoxVariables.VMID);
		String script = script(execution.getVariable(ProxmoxVariables.SCRIPT));
		String vmName = (String) execution.getVariable(ProxmoxVariables.VM_NAME);
		String actual = ProxmoxFailures.call(() -> this.proxmox.vms(node).config(vmid)).name();
		if (!vmName.equals(actual)) {
			throw new BpmnError(ProxmoxVariables.FAILED,
					"run-script for VM '" + vmName + "' was given VMID " + vmid + " on " + node + ", which is the VM '"
							+ actual + "': nothing was written or run there. Start" + " run-script with the VMID of '"
							+ vmName + "' (as provision-vm hands it out).");
		}
		String path = path(scriptName(execution), execution.getProcessInstanceId());
		ProxmoxFailures.run(() -> this.proxmox.agent(node).fileWrite(vmid, path, script));
		int pid = ProxmoxFailures.call(() -> this.proxmox.agent(node).exec(vmid, List.of("bash", path), null));
		execution.setVariable(ProxmoxVariables.SCRIPT_PID, pid);
	}

	/**
	 * Text, or bytes: a String variable holds at most 4000 characters in the engine's
	 * database.
	 */
	static String script(Object value) {
		if (value instanceof byte[] bytes) {
			return new String(bytes, StandardCharsets.UTF_8);
		}
		if (value instanceof String text) {
			return text;
		}
		throw new BpmnError(ProxmoxVariables.FAILED, "run-script needs the variable 'script' as text or bytes (UTF-8), "
				+ "got " + ((value == null) ? "none" : value.getClass().getSimpleName()) + ": fix the calling model.");
	}

	static String scriptName(DelegateExecution execution) {
		Object name = execution.getVariable(ProxmoxVariables.SCRIPT_NAME);
		return (name == null || name.toString().isBlank()) ? "script" : name.toString();
	}

	/**
	 * In root's home: it exists on every cloud image, and file-write does not create
	 * directories.
	 */
	static String path(String scriptName, String runScriptInstance) {
		return "/root/homelab-rollout-" + scriptName.replaceAll("[^A-Za-z0-9_.-]", "_") + "-"
				+ runScriptInstance.replaceAll("[^A-Za-z0-9_.-]", "_") + ".sh";
	}

}
