package org.homelab.rollout.rehearsal.proxmox;

import java.util.Optional;

/**
 * {@code UPID:node:pid:pstart:starttime:type:id:user:} with pid, pstart and starttime as
 * 8 upper-case hex digits.
 */
record Upid(String node, long pid, long pstart, long starttime, String type, String id, String user) {

	String text() {
		return String.format("UPID:%s:%08X:%08X:%08X:%s:%s:%s:", this.node, this.pid, this.pstart, this.starttime,
				this.type, this.id, this.user);
	}

	static Optional<Upid> parse(String text) {
		String[] parts = text.split(":", -1);
		if (parts.length != 9 || !"UPID".equals(parts[0]) || !parts[8].isEmpty()) {
			return Optional.empty();
		}
		try {
			return Optional.of(new Upid(parts[1], Long.parseLong(parts[2], 16), Long.parseLong(parts[3], 16),
					Long.parseLong(parts[4], 16), parts[5], parts[6], parts[7]));
		}
		catch (NumberFormatException ex) {
			return Optional.empty();
		}
	}

}
