package org.homelab.rollout.sops;

import java.io.ByteArrayOutputStream;

/**
 * An age X25519 recipient: the public key {@code age1…} (Bech32, not Bech32m, as
 * age-encryption.org/v1 defines it) a SOPS data key is wrapped for. Parsing checks the
 * checksum and the key length, so a typo in the inventory stops the start-up instead of
 * producing files nobody can open.
 */
public final class AgeRecipient {

	private static final String HRP = "age";

	private static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

	private static final int[] GENERATOR = { 0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3 };

	private final String text;

	private final byte[] publicKey;

	private AgeRecipient(String text, byte[] publicKey) {
		this.text = text;
		this.publicKey = publicKey;
	}

	/**
	 * The recipient written as {@code value}; {@code property} names where it came from
	 * in the message of the {@link IllegalArgumentException} a malformed one raises. The
	 * message never repeats the value (an identity pasted by mistake is a secret).
	 */
	public static AgeRecipient parse(String property, String value) {
		String text = (value != null) ? value.strip() : "";
		if (text.toUpperCase().startsWith("AGE-SECRET-KEY-")) {
			throw new IllegalArgumentException(property + " holds an age identity (a secret key), not a recipient:"
					+ " give its public key (age-keygen -y <identity file>) and keep the identity out of the inventory");
		}
		String why = problem(text);
		if (why != null) {
			throw new IllegalArgumentException(property + " is not an age recipient (" + why
					+ "); expected a public key age1… as age-keygen prints it");
		}
		return new AgeRecipient(text, decode(text));
	}

	/** The 32-byte X25519 public key (little-endian u-coordinate, RFC 7748). */
	byte[] publicKey() {
		return this.publicKey.clone();
	}

	@Override
	public String toString() {
		return this.text;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof AgeRecipient recipient && this.text.equals(recipient.text);
	}

	@Override
	public int hashCode() {
		return this.text.hashCode();
	}

	private static String problem(String text) {
		if (!text.startsWith(HRP + "1")) {
			return "does not start with age1";
		}
		if (!text.equals(text.toLowerCase())) {
			return "age writes recipients in lower case";
		}
		String data = text.substring(HRP.length() + 1);
		for (char c : data.toCharArray()) {
			if (CHARSET.indexOf(c) < 0) {
				return "'" + c + "' is not a Bech32 character";
			}
		}
		if (data.length() < 7 || polymod(expanded(data)) != 1) {
			return "its Bech32 checksum does not match: a character is missing or mistyped";
		}
		byte[] key = decode(text);
		return (key == null || key.length != 32) ? "it does not hold a 32-byte X25519 key" : null;
	}

	private static byte[] decode(String text) {
		String data = text.substring(HRP.length() + 1, text.length() - 6);
		// 5-bit groups to bytes; leftover bits must be fewer than 5 and zero
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int acc = 0;
		int bits = 0;
		for (char c : data.toCharArray()) {
			acc = (acc << 5) | CHARSET.indexOf(c);
			bits += 5;
			if (bits >= 8) {
				bits -= 8;
				out.write((acc >> bits) & 0xff);
			}
		}
		if (bits >= 5 || (acc & ((1 << bits) - 1)) != 0) {
			return null;
		}
		return out.toByteArray();
	}

	private static int[] expanded(String data) {
		int[] values = new int[HRP.length() * 2 + 1 + data.length()];
		for (int i = 0; i < HRP.length(); i++) {
			values[i] = HRP.charAt(i) >> 5;
			values[HRP.length() + 1 + i] = HRP.charAt(i) & 31;
		}
		for (int i = 0; i < data.length(); i++) {
			values[HRP.length() * 2 + 1 + i] = CHARSET.indexOf(data.charAt(i));
		}
		return values;
	}

	private static int polymod(int[] values) {
		int chk = 1;
		for (int v : values) {
			int top = chk >>> 25;
			chk = ((chk & 0x1ffffff) << 5) ^ v;
			for (int i = 0; i < 5; i++) {
				if (((top >>> i) & 1) != 0) {
					chk ^= GENERATOR[i];
				}
			}
		}
		return chk;
	}

}
