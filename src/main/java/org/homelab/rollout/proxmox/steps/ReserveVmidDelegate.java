package org.homelab.rollout.proxmox.steps;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.inventory.Inventory;
import org.homelab.rollout.proxmox.ProxmoxOperations;

import org.springframework.stereotype.Component;

/**
 * Draws the VM's ID (Proxmox's next free VMID) and the node it goes on, and commits them
 * before anything is cloned: so a clone-vm that runs again after a crash asks for the
 * same VMID and finds its own clone there instead of making a second VM.
 *
 * <p>
 * Proxmox answers the same next VMID to everyone until a clone takes it. Parallel runs
 * that drew the same one are sorted out by the model (clone-vm finds the other's clone,
 * waits for it to end, confirm-clone sees it is not this run's and the run draws again),
 * which costs the loser a whole clone's time. So this engine skips the VMIDs it handed
 * out itself within {@link #REMEMBERED}: only a hint, lost on a restart; runs on another
 * engine node may still draw the same VMID, which stays correct, only slower.
 */
@Component
class ReserveVmidDelegate implements JavaDelegate {

	/** Far longer than from a draw to its clone's POST (then Proxmox skips it itself). */
	static final Duration REMEMBERED = Duration.ofMinutes(10);

	/** Past this many taken VMIDs the hint gives up and takes Proxmox's answer. */
	private static final int MAX_SKIPS = 20;

	private final ProxmoxOperations proxmox;

	private final Inventory inventory;

	private final Map<Integer, Instant> drawn = new HashMap<>();

	ReserveVmidDelegate(ProxmoxOperations proxmox, Inventory inventory) {
		this.proxmox = proxmox;
		this.inventory = inventory;
	}

	@Override
	public void execute(DelegateExecution execution) {
		int next = ProxmoxFailures.call(() -> this.proxmox.cluster().nextId());
		execution.setVariable(ProxmoxVariables.VMID, draw(next, Instant.now()));
		execution.setVariable(ProxmoxVariables.NODE, this.inventory.proxmox().nodes().get(0));
		execution.setVariable(ProxmoxVariables.CREATED, false);
	}

	/**
	 * Proxmox's {@code next} unless this engine handed it out lately; then the first VMID
	 * after it that this engine has not handed out and no guest has (skipping blindly
	 * once drew an existing VM's ID: correct, as the clone is refused, but a whole round
	 * of waiting slower).
	 */
	private int draw(int next, Instant now) {
		int candidate = next;
		for (int tries = 0; tries < MAX_SKIPS; tries++) {
			candidate = notDrawnHereSince(candidate, now);
			int drawn = candidate;
			if (drawn == next || ProxmoxFailures.call(() -> this.proxmox.cluster().isFree(drawn))) {
				return drawn;
			}
			candidate++;
		}
		return next;
	}

	/** The first VMID from {@code from} on that this engine has not handed out lately. */
	private synchronized int notDrawnHereSince(int from, Instant now) {
		this.drawn.values().removeIf(at -> at.isBefore(now.minus(REMEMBERED)));
		int vmid = from;
		while (this.drawn.containsKey(vmid)) {
			vmid++;
		}
		this.drawn.put(vmid, now);
		return vmid;
	}

}
