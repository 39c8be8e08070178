package org.homelab.rollout.proxmox.steps;

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
 * Topic {@code proxmox-orphan-clone}: waits until the VM {@code orphanClone} on
 * {@code orphanCloneNode}, being cloned for no live run (a run cancelled in Cockpit while
 * its clone copied), is no longer locked 'clone'. Until then Proxmox shows it without a
 * name, so find-vm cannot tell whether it becomes the VM this run looks for; once it
 * ended, find-vm looks again and adopts it if it is. One status look per check; a VM that
 * disappears (its clone failed and Proxmox removed it) is no longer in the way.
 */
@Component
class OrphanCloneWait implements WaitCondition {

	static final String TOPIC = "proxmox-orphan-clone";

	private final ProxmoxOperations proxmox;

	OrphanCloneWait(ProxmoxOperations proxmox) {
		this.proxmox = proxmox;
	}

	@Override
	public String topic() {
		return TOPIC;
	}

	@Override
	public Set<String> variables() {
		return Set.of(ProxmoxVariables.ORPHAN_CLONE_NODE, ProxmoxVariables.ORPHAN_CLONE, ProxmoxVariables.VM_NAME);
	}

	@Override
	public Check check(Look look) {
		String node = look.required(ProxmoxVariables.ORPHAN_CLONE_NODE, String.class);
		int vmid = look.required(ProxmoxVariables.ORPHAN_CLONE, Integer.class);
		String name = look.required(ProxmoxVariables.VM_NAME, String.class);
		try {
			VmStatus status = this.proxmox.vms(node).status(vmid);
			if (VmUnlockWait.CLONE_LOCK.equals(status.lock())) {
				return Check.waiting("VM " + vmid + " on " + node + " to be unlocked: it is being cloned for no"
						+ " live run (one cancelled while it copied?) and has no name yet; then the rollout looks"
						+ " for '" + name + "' again, so that it adopts this VM if it becomes '" + name
						+ "' instead of cloning a second one");
			}
			return Check.done(Map.of());
		}
		catch (ProxmoxApiException ex) {
			if (ex.doesNotExist()) {
				return Check.done(Map.of());
			}
			return ProxmoxChecks.failure(ex);
		}
		catch (ProxmoxException ex) {
			return ProxmoxChecks.failure(ex);
		}
	}

	@Override
	public String overdue(Look look) {
		int vmid = look.required(ProxmoxVariables.ORPHAN_CLONE, Integer.class);
		String node = look.required(ProxmoxVariables.ORPHAN_CLONE_NODE, String.class);
		return "Check the node's running tasks for a qmclone (Datacenter > " + node + " > Task History): if none"
				+ " runs, a clone died and left a half-made VM " + vmid + ": delete it (qm unlock " + vmid
				+ " && qm destroy " + vmid + "), then retry this incident.";
	}

}
