package org.homelab.rollout.proxmox.steps;

import java.util.Map;
import java.util.Set;

import org.homelab.rollout.proxmox.ExecStatus;
import org.homelab.rollout.proxmox.ProxmoxApiException;
import org.homelab.rollout.proxmox.ProxmoxException;
import org.homelab.rollout.proxmox.ProxmoxOperations;
import org.homelab.rollout.waiting.Check;
import org.homelab.rollout.waiting.Look;
import org.homelab.rollout.waiting.WaitCondition;

import org.springframework.stereotype.Component;

/**
 * Topic {@code proxmox-script}: waits for the script started by
 * {@code startScriptDelegate} to exit. Exit 0 hands out the tail of its stdout as
 * {@code scriptOutput}; any other exit code is {@code PROXMOX_FAILED} with its stderr
 * tail. exec-status says nothing of progress, so each script name is a kind of its own:
 * the poller learns how long it runs.
 */
@Component
class ScriptWait implements WaitCondition {

	static final String TOPIC = "proxmox-script";

	static final int TAIL = 2000;

	private final ProxmoxOperations proxmox;

	ScriptWait(ProxmoxOperations proxmox) {
		this.proxmox = proxmox;
	}

	@Override
	public String topic() {
		return TOPIC;
	}

	@Override
	public Set<String> variables() {
		return Set.of(ProxmoxVariables.NODE, ProxmoxVariables.VMID, ProxmoxVariables.SCRIPT_PID,
				ProxmoxVariables.SCRIPT_NAME);
	}

	@Override
	public String kind(Look look) {
		String name = look.optional(ProxmoxVariables.SCRIPT_NAME, String.class);
		return (name != null) ? name : "";
	}

	@Override
	public Check check(Look look) {
		String node = look.required(ProxmoxVariables.NODE, String.class);
		int vmid = look.required(ProxmoxVariables.VMID, Integer.class);
		int pid = look.required(ProxmoxVariables.SCRIPT_PID, Integer.class);
		String name = look.optional(ProxmoxVariables.SCRIPT_NAME, String.class);
		String script = "script '" + ((name != null) ? name : "script") + "' in VM " + vmid;
		try {
			ExecStatus status = this.proxmox.agent(node).execStatus(vmid, pid);
			if (!status.exited()) {
				return Check.waiting(script + " (pid " + pid + ") to finish");
			}
			if (status.succeeded()) {
				return Check.done(Map.of(ProxmoxVariables.SCRIPT_OUTPUT, tail(status.out())));
			}
			return Check.bpmnError(ProxmoxVariables.FAILED, "The " + script + " exited with " + status.exitCode()
					+ "; stderr ends: " + tail(status.err()).strip() + " Fix the script or the guest, then retry.");
		}
		catch (ProxmoxApiException ex) {
			if (ex.agentNotRunning()) {
				return Check.waiting("the guest agent of VM " + vmid + " to answer again (" + script + ")");
			}
			return ProxmoxChecks.failure(ex);
		}
		catch (ProxmoxException ex) {
			return ProxmoxChecks.failure(ex);
		}
	}

	static String tail(String text) {
		return (text.length() <= TAIL) ? text : "…" + text.substring(text.length() - TAIL);
	}

	@Override
	public String overdue(Look look) {
		Integer pid = look.optional(ProxmoxVariables.SCRIPT_PID, Integer.class);
		return "In VM " + look.optional(ProxmoxVariables.VMID, Integer.class) + ": 'ps -o pid,etime,args --ppid " + pid
				+ "' shows what the script still runs (apt waiting for dpkg's lock held by another install, "
				+ "a download that hangs, a prompt): end it or let it finish.";
	}

}
