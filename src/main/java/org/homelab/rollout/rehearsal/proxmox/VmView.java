package org.homelab.rollout.rehearsal.proxmox;

import java.util.Map;
import java.util.Set;

/**
 * A snapshot of one simulated guest, for tests and benchmarks to assert on.
 *
 * @param config the config as PVE stores it (sshkeys still urlencoded, "lock" included)
 * @param sshKeys the decoded sshkeys, exactly as cloud-init would write them, or null
 * @param address the IPv4 its eth0 has (static or DHCP lease), or null when the pool is
 * exhausted
 * @param agentReady whether its guest agent answers now
 * @param files the guest's file store (file-write, exec)
 * @param services the units systemctl started in it
 */
public record VmView(int vmid, String node, String name, String status, String lock, boolean template,
		Map<String, String> config, String sshKeys, String address, boolean agentReady, Map<String, byte[]> files,
		Set<String> services) {

	public boolean running() {
		return "running".equals(this.status);
	}

}
