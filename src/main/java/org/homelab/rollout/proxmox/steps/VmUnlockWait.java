package org.homelab.rollout.proxmox.steps;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.homelab.rollout.proxmox.ProxmoxApiException;
import org.homelab.rollout.proxmox.ProxmoxException;
import org.homelab.rollout.proxmox.ProxmoxOperations;
import org.homelab.rollout.proxmox.VmStatus;
import org.homelab.rollout.waiting.Check;
import org.homelab.rollout.waiting.Look;
import org.homelab.rollout.waiting.WaitCondition;

import org.springframework.stereotype.Component;

/**
 * Topic {@code proxmox-unlock}: waits until the VM {@code vmid} on {@code proxmoxNode} is
 * no longer locked 'clone', for a clone that clone-vm did not ask for just now (its own
 * from before a crash, whose UPID was lost, or another run's: a qmclone task's UPID names
 * the template, not the new VM, so the node's tasks cannot tell). One status look per
 * check (GET /nodes/{node}/qemu/{vmid}/status/current). A VM that disappears meanwhile
 * (its clone failed and Proxmox removed it, or someone deleted it) becomes
 * {@code PROXMOX_FAILED}: retrying the incident starts over and draws a new VMID. So does
 * a VM still locked 'clone' {@code clone-unlock-timeout} after the wait began (the
 * engine's record, so a restart does not reset it).
 */
@Component
class VmUnlockWait implements WaitCondition {

	static final String TOPIC = "proxmox-unlock";

	static final String CLONE_LOCK = "clone";

	private final ProxmoxOperations proxmox;

	private final Duration timeout;

	VmUnlockWait(ProxmoxOperations proxmox, ProxmoxStepProperties properties) {
		this.proxmox = proxmox;
		this.timeout = properties.cloneUnlockTimeout();
	}

	@Override
	public String topic() {
		return TOPIC;
	}

	@Override
	public Set<String> variables() {
		return Set.of(ProxmoxVariables.NODE, ProxmoxVariables.VMID, ProxmoxVariables.VM_NAME);
	}

	@Override
	public Check check(Look look) {
		String node = look.required(ProxmoxVariables.NODE, String.class);
		int vmid = look.required(ProxmoxVariables.VMID, Integer.class);
		String name = look.required(ProxmoxVariables.VM_NAME, String.class);
		try {
			VmStatus status = this.proxmox.vms(node).status(vmid);
			if (CLONE_LOCK.equals(status.lock()) && look.elapsed().compareTo(this.timeout) >= 0) {
				return Check.bpmnError(ProxmoxVariables.FAILED, "VM " + vmid + " on Proxmox node " + node
						+ " is still locked '" + CLONE_LOCK + "' " + this.timeout.toString().substring(2).toLowerCase()
						+ " after the rollout began waiting for its clone of '" + name + "' to end (since "
						+ look.since() + "; rollout.proxmox.steps.clone-unlock-timeout). Check the node's running"
						+ " tasks for a qmclone (Datacenter > " + node + " > Task History): if one still copies,"
						+ " retry this incident later; if none runs, a clone died and left a half-made VM: delete it"
						+ " (qm unlock " + vmid + " && qm destroy " + vmid
						+ "), then retry this incident (the run draws a new VMID).");
			}
			if (CLONE_LOCK.equals(status.lock())) {
				return Check.waiting("VM " + vmid + " on " + node + " to be unlocked: it is locked '" + CLONE_LOCK
						+ "' while it is being cloned; then it is checked to be this run's clone of '" + name + "'");
			}
			return Check.done(Map.of());
		}
		catch (ProxmoxApiException ex) {
			if (ex.doesNotExist()) {
				return Check.bpmnError(ProxmoxVariables.FAILED, "VM " + vmid + " on Proxmox node " + node
						+ " disappeared while the rollout waited for its clone of '" + name + "' to end (GET /nodes/"
						+ node + "/qemu/" + vmid + "/status/current answered '" + ex.reason()
						+ "'): the clone failed and Proxmox removed it, or someone deleted the VM. Check the node's"
						+ " qmclone tasks (Datacenter > " + node + " > Task History) for the cause, e.g. full storage,"
						+ " then retry this incident: the run starts over and draws a new VMID.");
			}
			return ProxmoxChecks.failure(ex);
		}
		catch (ProxmoxException ex) {
			return ProxmoxChecks.failure(ex);
		}
	}

}
