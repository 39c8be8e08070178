package org.homelab.rollout.sops;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Base64;
import java.util.List;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encryption to age X25519 recipients in the age-encryption.org/v1 format, with the JDK
 * alone (XDH, HmacSHA256, ChaCha20-Poly1305): a random 16-byte file key wrapped in one
 * X25519 stanza per recipient (HKDF-SHA256 of the shared secret, salt ephemeral share ‖
 * recipient, info {@code age-encryption.org/v1/X25519}), the header MAC (HMAC-SHA256
 * under HKDF(file key, "header")), then the payload as STREAM (a 16-byte nonce, HKDF(file
 * key, nonce, "payload"), 64 KiB chunks, an 11-byte counter and a last-chunk flag). Only
 * encryption: decrypting is left to the real age (tests run it).
 */
final class AgeEncryption {

	private static final Base64.Encoder RAW = Base64.getEncoder().withoutPadding();

	private static final int CHUNK = 64 * 1024;

	private final SecureRandom random;

	AgeEncryption(SecureRandom random) {
		this.random = random;
	}

	/** {@code plaintext} encrypted to every recipient, in the binary age format. */
	byte[] encrypt(byte[] plaintext, List<AgeRecipient> recipients) {
		if (recipients.isEmpty()) {
			throw new IllegalArgumentException("age needs at least one recipient");
		}
		try {
			byte[] fileKey = randomBytes(16);
			StringBuilder header = new StringBuilder("age-encryption.org/v1\n");
			for (AgeRecipient recipient : recipients) {
				header.append(stanza(fileKey, recipient.publicKey()));
			}
			header.append("---");
			byte[] mac = hmac(hkdf(fileKey, new byte[0], "header"),
					header.toString().getBytes(StandardCharsets.US_ASCII));
			header.append(' ').append(RAW.encodeToString(mac)).append('\n');
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			out.writeBytes(header.toString().getBytes(StandardCharsets.US_ASCII));
			byte[] nonce = randomBytes(16);
			out.writeBytes(nonce);
			out.writeBytes(stream(hkdf(fileKey, nonce, "payload"), plaintext));
			return out.toByteArray();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("age encryption is not available in this JVM: " + ex.getMessage(), ex);
		}
	}

	/**
	 * The ASCII armor age writes with {@code -a} (and SOPS stores in
	 * {@code sops.age[].enc}): standard Base64 with padding, 64 columns, between
	 * BEGIN/END lines.
	 */
	static String armor(byte[] file) {
		String body = Base64.getEncoder().encodeToString(file);
		StringBuilder armored = new StringBuilder("-----BEGIN AGE ENCRYPTED FILE-----\n");
		for (int i = 0; i < body.length(); i += 64) {
			armored.append(body, i, Math.min(body.length(), i + 64)).append('\n');
		}
		return armored.append("-----END AGE ENCRYPTED FILE-----\n").toString();
	}

	private String stanza(byte[] fileKey, byte[] recipient) throws GeneralSecurityException {
		KeyFactory keys = KeyFactory.getInstance("XDH");
		PrivateKey ephemeral = keys.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, randomBytes(32)));
		byte[] share = agree(keys, ephemeral, basePoint());
		byte[] shared = agree(keys, ephemeral, recipient);
		byte[] salt = new byte[64];
		System.arraycopy(share, 0, salt, 0, 32);
		System.arraycopy(recipient, 0, salt, 32, 32);
		byte[] wrapKey = hkdf(shared, salt, "age-encryption.org/v1/X25519");
		byte[] body = chacha(wrapKey, new byte[12], fileKey);
		return "-> X25519 " + RAW.encodeToString(share) + "\n" + wrapped(RAW.encodeToString(body));
	}

	// X25519 with the JDK's KeyAgreement; a recipient of small order gives an all-zero
	// secret, which the JDK refuses as age requires
	private static byte[] agree(KeyFactory keys, PrivateKey ours, byte[] theirs) throws GeneralSecurityException {
		byte[] bigEndian = new byte[32];
		for (int i = 0; i < 32; i++) {
			bigEndian[i] = theirs[31 - i];
		}
		bigEndian[0] &= 0x7f;
		PublicKey key = keys
			.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, new BigInteger(1, bigEndian)));
		KeyAgreement agreement = KeyAgreement.getInstance("XDH");
		agreement.init(ours);
		agreement.doPhase(key, true);
		return agreement.generateSecret();
	}

	private static byte[] basePoint() {
		byte[] nine = new byte[32];
		nine[0] = 9;
		return nine;
	}

	// stanza bodies: 64 columns, the last line shorter (empty if need be)
	private static String wrapped(String body) {
		StringBuilder lines = new StringBuilder();
		int i = 0;
		for (; i + 64 <= body.length(); i += 64) {
			lines.append(body, i, i + 64).append('\n');
		}
		return lines.append(body.substring(i)).append('\n').toString();
	}

	private static byte[] stream(byte[] key, byte[] plaintext) throws GeneralSecurityException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		long counter = 0;
		int offset = 0;
		do {
			int length = Math.min(CHUNK, plaintext.length - offset);
			boolean last = offset + length == plaintext.length;
			byte[] nonce = new byte[12];
			for (int i = 0; i < 8; i++) {
				nonce[10 - i] = (byte) (counter >>> (8 * i));
			}
			nonce[11] = (byte) (last ? 1 : 0);
			byte[] chunk = new byte[length];
			System.arraycopy(plaintext, offset, chunk, 0, length);
			out.writeBytes(chacha(key, nonce, chunk));
			offset += length;
			counter++;
		}
		while (offset < plaintext.length);
		return out.toByteArray();
	}

	private static byte[] chacha(byte[] key, byte[] nonce, byte[] plaintext) throws GeneralSecurityException {
		Cipher cipher = Cipher.getInstance("ChaCha20-Poly1305");
		cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
		return cipher.doFinal(plaintext);
	}

	/** HKDF-SHA256 (RFC 5869), 32 bytes; an empty salt is 32 zero bytes. */
	static byte[] hkdf(byte[] ikm, byte[] salt, String info) throws GeneralSecurityException {
		byte[] prk = hmac((salt.length == 0) ? new byte[32] : salt, ikm);
		byte[] infoBytes = info.getBytes(StandardCharsets.US_ASCII);
		byte[] block = new byte[infoBytes.length + 1];
		System.arraycopy(infoBytes, 0, block, 0, infoBytes.length);
		block[infoBytes.length] = 1;
		return hmac(prk, block);
	}

	private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(key, "HmacSHA256"));
		return mac.doFinal(data);
	}

	private byte[] randomBytes(int n) {
		byte[] bytes = new byte[n];
		this.random.nextBytes(bytes);
		return bytes;
	}

}
