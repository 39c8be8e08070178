package org.homelab.rollout.rehearsal.proxmox;

import java.util.HashMap;
import java.util.Map;

/**
 * The lab LAN's DHCP server: leases loopback addresses so guest services can really
 * listen there; stable per VM.
 */
final class DhcpPool {

	private final long first;

	private final long last;

	private final Map<Integer, Long> leases = new HashMap<>();

	DhcpPool(String first, String last) {
		this.first = toLong(first);
		this.last = toLong(last);
	}

	synchronized String lease(int vmid) {
		Long leased = this.leases.get(vmid);
		if (leased == null) {
			for (long candidate = this.first; candidate <= this.last && leased == null; candidate++) {
				if (!this.leases.containsValue(candidate)) {
					leased = candidate;
				}
			}
			if (leased == null) {
				return null; // pool exhausted: the guest gets no IPv4, as with a full
								// real DHCP pool
			}
			this.leases.put(vmid, leased);
		}
		return toText(leased);
	}

	synchronized void release(int vmid) {
		this.leases.remove(vmid);
	}

	synchronized void clear() {
		this.leases.clear();
	}

	private static long toLong(String address) {
		long value = 0;
		for (String octet : address.split("\\.")) {
			value = (value << 8) | Integer.parseInt(octet);
		}
		return value;
	}

	private static String toText(long value) {
		return ((value >> 24) & 0xFF) + "." + ((value >> 16) & 0xFF) + "." + ((value >> 8) & 0xFF) + "."
				+ (value & 0xFF);
	}

}
