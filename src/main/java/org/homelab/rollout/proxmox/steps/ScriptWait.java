package org.homelab.rollout.proxmox.steps;

import java.time.Duration;
import java.util.Map;

import org.homelab.rollout.proxmox.ExecStatus;
import org.homelab.rollout.proxmox.ProxmoxApiException;
import org.homelab.rollout.proxmox.ProxmoxException;
import org.homelab.rollout.proxmox.ProxmoxOperations;
import org.homelab.rollout.waiting.Check;
import org.homelab.rollout.waiting.TypicalDurations;
import org.homelab.rollout.waiting.WaitCondition;
import org.springframework.stereotype.Component;

/**
 * Topic {@code proxmox-script}: waits for the script started by {@code startScriptDelegate} to exit. Exit 0 hands out
 * the tail of its stdout as {@code scriptOutput}; any other exit code is {@code PROXMOX_FAILED} with its stderr tail.
 */
@Component
class ScriptWait implements WaitCondition {

	static final String TOPIC = "proxmox-script";

	static final int TAIL = 2000;

	private final ProxmoxOperations proxmox;

	private final TypicalDurations typical;

	ScriptWait(ProxmoxOperations proxmox, TypicalDurations typical) {
		this.proxmox = proxmox;
		this.typical = typical;
	}

	@Override
	public String topic() {
		return TOPIC;
	}

	@Override
	public Check check(Map<String, Object> variables) {
		String node = (String) variables.get(ProxmoxVariables.NODE);
		int vmid = (Integer) variables.get(ProxmoxVariables.VMID);
		int pid = (Integer) variables.get(ProxmoxVariables.SCRIPT_PID);
		Object name = variables.get(ProxmoxVariables.SCRIPT_NAME);
		String script = "script '" + ((name != null) ? name : "script") + "' in VM " + vmid;
		// exec-status tells nothing of progress: look again when this script typically ends (learned per name)
		String kind = "script " + name;
		String wait = vmid + "/" + pid;
		Duration elapsed = WaitCondition.elapsed(variables);
		try {
			ExecStatus status = this.proxmox.agent(node).execStatus(vmid, pid);
			if (!status.exited()) {
				this.typical.unmet(wait, elapsed);
				return Check.waiting(script + " (pid " + pid + ") to finish",
						this.typical.lookAgainIn(kind, elapsed).orElse(null));
			}
			this.typical.over(kind, wait, elapsed);
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

}
