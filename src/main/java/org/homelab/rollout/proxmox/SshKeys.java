package org.homelab.rollout.proxmox;

import java.nio.charset.StandardCharsets;

/**
 * PVE's sshkeys quirk: the value must be percent-encoded (spaces as %20, not '+') before
 * the form encoding, so it travels twice-encoded; qemu-server decodes it with
 * uri_unescape, which leaves '+' alone.
 */
final class SshKeys {

	private SshKeys() {
	}

	/**
	 * Everything but unreserved characters (RFC 3986) becomes %XX, as Perl's uri_escape
	 * does.
	 */
	static String encode(String keys) {
		StringBuilder out = new StringBuilder();
		for (byte b : keys.getBytes(StandardCharsets.UTF_8)) {
			int c = b & 0xFF;
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
					|| c == '.' || c == '~') {
				out.append((char) c);
			}
			else {
				out.append('%')
					.append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
					.append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
			}
		}
		return out.toString();
	}

}
