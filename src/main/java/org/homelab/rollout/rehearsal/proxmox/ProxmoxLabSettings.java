package org.homelab.rollout.rehearsal.proxmox;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.homelab.rollout.rehearsal.Contracts;
import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.GuestCommand;
import org.homelab.rollout.rehearsal.Latency;
import org.homelab.rollout.rehearsal.RequestJournal;

/**
 * How the simulated Proxmox VE is set up: its nodes, the seeded cloud-init template, the
 * DHCP pool guests lease loopback addresses from, who may log in, and the shared lab
 * machinery (latency, faults, journal, guest commands).
 *
 * @param nodes node names; the first holds the template and the storages
 * @param templateVmid VMID of the seeded cloud-init template
 * @param templateName its name
 * @param dhcpFirst first address of the DHCP pool, e.g. 127.0.10.100
 * @param dhcpLast last address of the DHCP pool, e.g. 127.0.10.199
 * @param apiTokens full token id ({@code user@realm!tokenid}) to secret
 * @param users user ({@code user@realm}) to password, for ticket logins
 * @param timeoutDelay how long a TIMEOUT fault holds the answer back
 * @param backupServers the Proxmox Backup Servers storages of type pbs reach
 */
public record ProxmoxLabSettings(List<String> nodes, int templateVmid, String templateName, String dhcpFirst,
		String dhcpLast, Map<String, String> apiTokens, Map<String, String> users, Latency latency,
		FaultInjector faults, RequestJournal journal, List<GuestCommand> guestCommands, Contracts contracts,
		Duration timeoutDelay, BackupServers backupServers) {

	public static final String DEFAULT_TOKEN_ID = "rollout@pve!engine";

	public static final String DEFAULT_TOKEN_SECRET = "5f0c3f7e-rehearsal-lab-token";

	public ProxmoxLabSettings {
		nodes = List.copyOf(nodes);
		apiTokens = Map.copyOf(apiTokens);
		users = Map.copyOf(users);
		guestCommands = List.copyOf(guestCommands);
		if (nodes.isEmpty()) {
			throw new IllegalArgumentException("the lab needs at least one node");
		}
		if (backupServers == null) {
			backupServers = BackupServers.none();
		}
	}

	/** Without backup servers: every pbs storage is unreachable. */
	public ProxmoxLabSettings(List<String> nodes, int templateVmid, String templateName, String dhcpFirst,
			String dhcpLast, Map<String, String> apiTokens, Map<String, String> users, Latency latency,
			FaultInjector faults, RequestJournal journal, List<GuestCommand> guestCommands, Contracts contracts,
			Duration timeoutDelay) {
		this(nodes, templateVmid, templateName, dhcpFirst, dhcpLast, apiTokens, users, latency, faults, journal,
				guestCommands, contracts, timeoutDelay, BackupServers.none());
	}

	/**
	 * Node pve, template 9000, pool 127.0.10.100-199, token rollout@pve!engine,
	 * root@pam/rehearsal, 1% latency.
	 */
	public static ProxmoxLabSettings defaults() {
		return new ProxmoxLabSettings(List.of("pve"), 9000, "debian-12-cloudinit", "127.0.10.100", "127.0.10.199",
				Map.of(DEFAULT_TOKEN_ID, DEFAULT_TOKEN_SECRET), Map.of("root@pam", "rehearsal"), Latency.scaled(0.01),
				FaultInjector.none(), new RequestJournal(), List.of(), Contracts.locate(), Duration.ofMinutes(2));
	}

	public ProxmoxLabSettings withNodes(List<String> nodes) {
		return new ProxmoxLabSettings(nodes, this.templateVmid, this.templateName, this.dhcpFirst, this.dhcpLast,
				this.apiTokens, this.users, this.latency, this.faults, this.journal, this.guestCommands, this.contracts,
				this.timeoutDelay, this.backupServers);
	}

	public ProxmoxLabSettings withLatency(Latency latency) {
		return new ProxmoxLabSettings(this.nodes, this.templateVmid, this.templateName, this.dhcpFirst, this.dhcpLast,
				this.apiTokens, this.users, latency, this.faults, this.journal, this.guestCommands, this.contracts,
				this.timeoutDelay, this.backupServers);
	}

	public ProxmoxLabSettings withFaults(FaultInjector faults) {
		return new ProxmoxLabSettings(this.nodes, this.templateVmid, this.templateName, this.dhcpFirst, this.dhcpLast,
				this.apiTokens, this.users, this.latency, faults, this.journal, this.guestCommands, this.contracts,
				this.timeoutDelay, this.backupServers);
	}

	public ProxmoxLabSettings withJournal(RequestJournal journal) {
		return new ProxmoxLabSettings(this.nodes, this.templateVmid, this.templateName, this.dhcpFirst, this.dhcpLast,
				this.apiTokens, this.users, this.latency, this.faults, journal, this.guestCommands, this.contracts,
				this.timeoutDelay, this.backupServers);
	}

	public ProxmoxLabSettings withGuestCommands(List<GuestCommand> guestCommands) {
		return new ProxmoxLabSettings(this.nodes, this.templateVmid, this.templateName, this.dhcpFirst, this.dhcpLast,
				this.apiTokens, this.users, this.latency, this.faults, this.journal, guestCommands, this.contracts,
				this.timeoutDelay, this.backupServers);
	}

	public ProxmoxLabSettings withContracts(Contracts contracts) {
		return new ProxmoxLabSettings(this.nodes, this.templateVmid, this.templateName, this.dhcpFirst, this.dhcpLast,
				this.apiTokens, this.users, this.latency, this.faults, this.journal, this.guestCommands, contracts,
				this.timeoutDelay, this.backupServers);
	}

	public ProxmoxLabSettings withTimeoutDelay(Duration timeoutDelay) {
		return new ProxmoxLabSettings(this.nodes, this.templateVmid, this.templateName, this.dhcpFirst, this.dhcpLast,
				this.apiTokens, this.users, this.latency, this.faults, this.journal, this.guestCommands, this.contracts,
				timeoutDelay, this.backupServers);
	}

	/** Storages of type pbs reach these servers (the PBS lab, or a test's own). */
	public ProxmoxLabSettings withBackupServers(BackupServers backupServers) {
		return new ProxmoxLabSettings(this.nodes, this.templateVmid, this.templateName, this.dhcpFirst, this.dhcpLast,
				this.apiTokens, this.users, this.latency, this.faults, this.journal, this.guestCommands, this.contracts,
				this.timeoutDelay, backupServers);
	}

	String templateNode() {
		return this.nodes.get(0);
	}

}
