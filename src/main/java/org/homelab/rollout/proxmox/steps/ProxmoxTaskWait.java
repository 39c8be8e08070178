package org.homelab.rollout.proxmox.steps;

import java.util.List;
import java.util.Map;

import org.homelab.rollout.proxmox.ProxmoxException;
import org.homelab.rollout.proxmox.ProxmoxOperations;
import org.homelab.rollout.proxmox.ProxmoxTaskFailedException;
import org.homelab.rollout.proxmox.TaskStatus;
import org.homelab.rollout.proxmox.Upid;
import org.homelab.rollout.waiting.Check;
import org.homelab.rollout.waiting.WaitCondition;
import org.springframework.stereotype.Component;

/**
 * Topic {@code proxmox-task}: waits for the Proxmox task in {@code proxmoxTask} (none: done at once). A task that
 * ended in error becomes {@code PROXMOX_FAILED} quoting its exitstatus and last log lines.
 */
@Component
class ProxmoxTaskWait implements WaitCondition {

	static final String TOPIC = "proxmox-task";

	static final int LOG_TAIL = 5;

	private final ProxmoxOperations proxmox;

	ProxmoxTaskWait(ProxmoxOperations proxmox) {
		this.proxmox = proxmox;
	}

	@Override
	public String topic() {
		return TOPIC;
	}

	@Override
	public Check check(Map<String, Object> variables) {
		Object task = variables.get(ProxmoxVariables.TASK);
		if (task == null) {
			return Check.done(Map.of());
		}
		Upid upid = new Upid(task.toString());
		try {
			TaskStatus status = this.proxmox.tasks(upid.node()).status(upid);
			if (status.running()) {
				return Check.waiting("Proxmox task " + upid.type() + " of VM " + upid.id() + " on " + upid.node()
						+ " to finish (" + upid.text() + ")");
			}
			if (status.succeeded()) {
				return Check.done(Map.of());
			}
			return failed(upid, status.exitstatus());
		}
		catch (ProxmoxException ex) {
			return ProxmoxChecks.failure(ex);
		}
	}

	/** A failed task is a modelled outcome; its log is read once, here. */
	Check failed(Upid upid, String exitstatus) {
		List<String> log = this.proxmox.tasks(upid.node()).log(upid, 0, 1000);
		List<String> tail = log.subList(Math.max(0, log.size() - LOG_TAIL), log.size());
		return Check.bpmnError(ProxmoxVariables.FAILED, new ProxmoxTaskFailedException(upid, exitstatus, tail).getMessage());
	}

}
