package org.homelab.rollout.proxmox;

import java.util.List;

/** One network interface as the guest agent reports it, with its IPv4 addresses. */
public record GuestInterface(String name, String hardwareAddress, List<String> ipv4Addresses) {

	public GuestInterface {
		ipv4Addresses = List.copyOf(ipv4Addresses);
	}

	public boolean loopback() {
		return "lo".equals(this.name);
	}

}
