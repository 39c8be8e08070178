package org.homelab.rollout.rehearsal.proxmox;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Percent-decoding that leaves '+' alone: PVE tickets and urlencoded sshkeys carry
 * literal '+' signs.
 */
final class Percent {

	private Percent() {
	}

	static String decode(String text) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (int i = 0; i < text.length();) {
			int c = text.codePointAt(i);
			if (c == '%' && isHex(text, i + 1) && isHex(text, i + 2)) {
				out.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
				i += 3;
			}
			else {
				out.writeBytes(new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8));
				i += Character.charCount(c);
			}
		}
		return out.toString(StandardCharsets.UTF_8);
	}

	/**
	 * Form decoding (application/x-www-form-urlencoded): '+' is a space, then percent
	 * escapes.
	 */
	static String decodeForm(String text) {
		return decode(text.replace('+', ' '));
	}

	private static boolean isHex(String text, int at) {
		return at < text.length() && Character.digit(text.charAt(at), 16) >= 0;
	}

}
