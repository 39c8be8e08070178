package org.homelab.rollout.rehearsal;

import java.net.InetAddress;
import java.util.Map;

/** A VM as a guest command sees it, for tests of one command without a Proxmox lab. */
public record TestGuest(String name, int vmid, InetAddress address,
		Map<String, byte[]> files) implements GuestCommand.Guest {
}
