package org.homelab.rollout.proxmox.steps;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.homelab.rollout.inventory.Inventory;
import org.homelab.rollout.inventory.NetworkPlan;
import org.homelab.rollout.inventory.PlannedVm;
import org.homelab.rollout.proxmox.ProxmoxApiException;
import org.homelab.rollout.proxmox.ProxmoxException;
import org.homelab.rollout.proxmox.ProxmoxOperations;
import org.homelab.rollout.proxmox.TaskStatus;
import org.homelab.rollout.proxmox.Upid;
import org.homelab.rollout.waiting.Check;
import org.homelab.rollout.waiting.Look;
import org.homelab.rollout.waiting.WaitCondition;

import org.springframework.stereotype.Component;

/**
 * Topic {@code proxmox-guest-agent}: waits until the VM's guest agent answers and reports
 * the planned address (static plan, VM configured by this run) or any address (DHCP,
 * adopted VM), and hands it out as {@code vmAddress}. One request per look while it boots
 * (asking for the interfaces is the agent's ping); the start task ({@code proxmoxTask})
 * is read only while the VM does not run, to notice a start that failed. A VM whose agent
 * has not answered {@code guest-agent-timeout} after the wait began (the engine's record,
 * so a restart does not reset it) becomes {@code PROXMOX_FAILED} saying what to check.
 *
 * <p>
 * With {@code vmIsolated} true (a VM whose NIC is unplugged, such as a restored copy) no
 * address ever comes: the agent answering is the VM being up, and nothing is handed out.
 */
@Component
class GuestAgentWait implements WaitCondition {

	static final String TOPIC = "proxmox-guest-agent";

	private final ProxmoxOperations proxmox;

	private final Inventory inventory;

	private final ProxmoxTaskWait tasks;

	private final Duration timeout;

	GuestAgentWait(ProxmoxOperations proxmox, Inventory inventory, ProxmoxTaskWait tasks,
			ProxmoxStepProperties properties) {
		this.proxmox = proxmox;
		this.inventory = inventory;
		this.tasks = tasks;
		this.timeout = properties.guestAgentTimeout();
	}

	@Override
	public String topic() {
		return TOPIC;
	}

	@Override
	public Set<String> variables() {
		return Set.of(ProxmoxVariables.NODE, ProxmoxVariables.VMID, ProxmoxVariables.VM_NAME, ProxmoxVariables.CREATED,
				ProxmoxVariables.TASK, ProxmoxVariables.ISOLATED);
	}

	@Override
	public Check check(Look wait) {
		VmLook look = new VmLook(wait.required(ProxmoxVariables.NODE, String.class),
				wait.required(ProxmoxVariables.VMID, Integer.class),
				wait.required(ProxmoxVariables.VM_NAME, String.class), wait.since(), wait.elapsed());
		try {
			List<String> addresses = this.proxmox.agent(look.node())
				.networkInterfaces(look.vmid())
				.stream()
				.filter(iface -> !iface.loopback())
				.flatMap(iface -> iface.ipv4Addresses().stream())
				.toList();
			if (Boolean.TRUE.equals(wait.variables().get(ProxmoxVariables.ISOLATED))) {
				return Check.done(Map.of());
			}
			return address(look, addresses, Boolean.TRUE.equals(wait.variables().get(ProxmoxVariables.CREATED)));
		}
		catch (ProxmoxApiException ex) {
			if (ex.agentNotRunning()) {
				return unmet(look,
						"the guest agent of VM " + look.vmid() + " (" + look.name() + ") to answer: it is booting",
						"Proxmox answered '" + ex.reason() + "'");
			}
			if (ex.vmNotRunning() && wait.variables().get(ProxmoxVariables.TASK) != null) {
				return startTask(look, new Upid(wait.variables().get(ProxmoxVariables.TASK).toString()));
			}
			return ProxmoxChecks.failure(ex);
		}
		catch (ProxmoxException ex) {
			return ProxmoxChecks.failure(ex);
		}
	}

	private Check startTask(VmLook look, Upid upid) {
		TaskStatus status = this.proxmox.tasks(upid.node()).status(upid);
		if (status.failedTransiently()) {
			return Check.bpmnError(ProxmoxVariables.START_AGAIN, "the start task " + upid.text() + " of VM "
					+ look.vmid() + " (" + look.name() + ") failed: " + status.exitstatus() + "; started again");
		}
		if (status.failed()) {
			return this.tasks.failed(upid, status.exitstatus());
		}
		return unmet(look, "VM " + look.vmid() + " (" + look.name() + ") to start (" + upid.text() + ")",
				"the VM did not run; its start task " + upid.text() + " is "
						+ (status.running() ? "still running" : "over (" + status.exitstatus() + ")"));
	}

	/**
	 * A VM this run configured must show its planned address; an adopted one keeps
	 * whatever it has.
	 */
	private Check address(VmLook look, List<String> addresses, boolean configuredByRun) {
		String planned = (configuredByRun && this.inventory.network().mode() == NetworkPlan.Mode.STATIC)
				? this.inventory.vm(look.name()).map(PlannedVm::address).orElse(null) : null;
		if (planned != null && !addresses.contains(planned)) {
			return unmet(look,
					"VM " + look.vmid() + " (" + look.name() + ") to take its planned address " + planned
							+ " (cloud-init); it reports " + addresses,
					"its agent answers but reports " + addresses + ", not the planned " + planned
							+ " (check cloud-init's network config: qm cloudinit dump " + look.vmid() + " network)");
		}
		if (addresses.isEmpty()) {
			return unmet(look, "VM " + look.vmid() + " (" + look.name() + ") to lease an address",
					"its agent answers but reports no IPv4 address (check DHCP on the VM's bridge)");
		}
		return Check.done(Map.of(ProxmoxVariables.ADDRESS, (planned != null) ? planned : addresses.get(0)));
	}

	private Check unmet(VmLook look, String waitingFor, String lastAnswer) {
		if (look.elapsed().compareTo(this.timeout) >= 0) {
			return Check.bpmnError(ProxmoxVariables.FAILED, timedOut(look, lastAnswer));
		}
		return Check.waiting(waitingFor);
	}

	private String timedOut(VmLook look, String lastAnswer) {
		return "VM " + look.vmid() + " (" + look.name() + ") on Proxmox node " + look.node()
				+ ": its QEMU guest agent did not report the VM up within "
				+ this.timeout.toString().substring(2).toLowerCase()
				+ " (rollout.proxmox.steps.guest-agent-timeout), asked since " + look.since() + " with GET /nodes/"
				+ look.node() + "/qemu/" + look.vmid() + "/agent/network-get-interfaces; last: " + lastAnswer
				+ ". Check in the VM's console that it booted, "
				+ "that the template's image has qemu-guest-agent installed and running (systemctl status "
				+ "qemu-guest-agent), and that the VM has agent=1 (qm config " + look.vmid() + "). Then retry.";
	}

	private record VmLook(String node, int vmid, String name, Instant since, Duration elapsed) {
	}

}
