package org.homelab.rollout.rehearsal.proxmox;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code UPID:node:pid:pstart:starttime:type:id:user:} with pid, pstart and starttime as
 * 8 upper-case hex digits.
 */
record Upid(String node, long pid, long pstart, long starttime, String type, String id, String user) {

	String text() {
		return String.format("UPID:%s:%08X:%08X:%08X:%s:%s:%s:", this.node, this.pid, this.pstart, this.starttime,
				this.type, this.id, this.user);
	}

	/**
	 * pve-common's PVE::UPID::decode: pstart may have 9 digits after 20 years' uptime.
	 */
	private static final Pattern FORM = Pattern.compile("UPID:([a-zA-Z0-9]([a-zA-Z0-9\\-]*[a-zA-Z0-9])?):"
			+ "([0-9A-Fa-f]{8}):([0-9A-Fa-f]{8,9}):([0-9A-Fa-f]{8}):([^:\\s/]+):([^:\\s/]*):([^:\\s/]+):");

	static Optional<Upid> parse(String text) {
		Matcher upid = FORM.matcher(text);
		if (!upid.matches()) {
			return Optional.empty();
		}
		return Optional.of(new Upid(upid.group(1), Long.parseLong(upid.group(3), 16), Long.parseLong(upid.group(4), 16),
				Long.parseLong(upid.group(5), 16), upid.group(6), upid.group(7), upid.group(8)));
	}

}
