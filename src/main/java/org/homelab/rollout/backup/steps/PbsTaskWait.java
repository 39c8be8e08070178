package org.homelab.rollout.backup.steps;

import java.util.Map;
import java.util.Set;

import org.homelab.rollout.backup.PbsTask;
import org.homelab.rollout.waiting.Check;
import org.homelab.rollout.waiting.Look;
import org.homelab.rollout.waiting.WaitCondition;

import org.springframework.stereotype.Component;

/**
 * Topic {@code pbs-task}: until the PBS worker task {@code pbsTask} ended (none: nothing
 * to wait for). A failed task is a {@code pbs-failed} quoting its exit status.
 */
@Component
class PbsTaskWait implements WaitCondition {

	private final PbsSteps steps;

	PbsTaskWait(PbsSteps steps) {
		this.steps = steps;
	}

	@Override
	public String topic() {
		return "pbs-task";
	}

	@Override
	public Set<String> variables() {
		return Set.of(PbsVariables.TASK, PbsVariables.ADDRESS, PbsVariables.FINGERPRINT);
	}

	@Override
	public Check check(Look look) {
		String upid = look.optional(PbsVariables.TASK, String.class);
		if (upid == null) {
			return Check.done(Map.of());
		}
		String address = look.required(PbsVariables.ADDRESS, String.class);
		PbsTask task = this.steps.client(address, look.required(PbsVariables.FINGERPRINT, String.class))
			.tasks()
			.status(upid);
		if (task.running()) {
			return Check.waiting("Proxmox Backup Server's task " + upid + " to end");
		}
		if (task.failed()) {
			return Check.bpmnError(PbsVariables.FAILED, "Proxmox Backup Server's task " + upid + " at " + address
					+ " failed: " + task.exitstatus() + ". Read its log in the PBS GUI (Tasks), fix it, run again.");
		}
		return Check.done(Map.of());
	}

	@Override
	public String overdue(Look look) {
		return "In the PBS GUI (Administration, Tasks): what the task is doing; a datastore on a slow disk takes "
				+ "minutes to create its chunk directories.";
	}

}
