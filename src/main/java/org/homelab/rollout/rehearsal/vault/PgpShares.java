package org.homelab.rollout.rehearsal.vault;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;

import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyKeyEncryptionMethodGenerator;

/**
 * Encrypts key shares and the root token to OpenPGP keys as {@code sys/init} does with
 * {@code pgp_keys} and {@code root_token_pgp_key}: each key is a base64 public key; the
 * result is the binary OpenPGP message, which Vault returns hex- and base64-encoded (a
 * share is encrypted as its hex text, so {@code gpg -d} prints the usual key).
 */
final class PgpShares {

	private static final SecureRandom RANDOM = new SecureRandom();

	private PgpShares() {
	}

	/**
	 * Throws {@link IllegalArgumentException} with Vault's kind of message when the key
	 * is unusable.
	 */
	static byte[] encrypt(String base64Key, String plaintext) {
		if (base64Key.startsWith("keybase:")) {
			throw new IllegalArgumentException("rehearsal lab: keybase lookups are not available; give the public key");
		}
		PGPPublicKey key = encryptionKey(base64Key);
		PGPEncryptedDataGenerator generator = new PGPEncryptedDataGenerator(
				new BcPGPDataEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256).setWithIntegrityPacket(true)
					.setSecureRandom(RANDOM));
		generator.addMethod(new BcPublicKeyKeyEncryptionMethodGenerator(key).setSecureRandom(RANDOM));
		byte[] data = plaintext.getBytes(StandardCharsets.UTF_8);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (OutputStream encrypted = generator.open(out, new byte[1 << 12]);
				OutputStream literal = new PGPLiteralDataGenerator().open(encrypted, PGPLiteralData.BINARY, "",
						data.length, new Date())) {
			literal.write(data);
		}
		catch (IOException | PGPException ex) {
			throw new IllegalArgumentException("error encrypting with the given PGP key: " + ex.getMessage(), ex);
		}
		return out.toByteArray();
	}

	/**
	 * The hex fingerprint of the key's primary key, as Vault reports it for a root
	 * generation; throws {@link IllegalArgumentException} when the key is unusable.
	 */
	static String fingerprint(String base64Key) {
		if (base64Key.startsWith("keybase:")) {
			throw new IllegalArgumentException("rehearsal lab: keybase lookups are not available; give the public key");
		}
		encryptionKey(base64Key);
		return HexFormat.of().formatHex(ring(base64Key).getPublicKey().getFingerprint());
	}

	private static PGPPublicKeyRing ring(String base64Key) {
		try {
			byte[] bytes = Base64.getDecoder().decode(base64Key.trim());
			return new PGPPublicKeyRing(PGPUtil.getDecoderStream(new ByteArrayInputStream(bytes)),
					new BcKeyFingerprintCalculator());
		}
		catch (IllegalArgumentException | IOException ex) {
			throw new IllegalArgumentException("error parsing PGP key: " + ex.getMessage(), ex);
		}
	}

	private static PGPPublicKey encryptionKey(String base64Key) {
		PGPPublicKeyRing ring;
		try {
			byte[] bytes = Base64.getDecoder().decode(base64Key.trim());
			ring = new PGPPublicKeyRing(PGPUtil.getDecoderStream(new ByteArrayInputStream(bytes)),
					new BcKeyFingerprintCalculator());
		}
		catch (IllegalArgumentException | IOException ex) {
			throw new IllegalArgumentException("error parsing given PGP key: " + ex.getMessage(), ex);
		}
		// prefer an encryption subkey, as gpg does
		PGPPublicKey chosen = null;
		for (PGPPublicKey candidate : ring) {
			if (candidate.isEncryptionKey() && (chosen == null || chosen.isMasterKey())) {
				chosen = candidate;
			}
		}
		if (chosen == null) {
			throw new IllegalArgumentException("error parsing given PGP key: no encryption key found");
		}
		return chosen;
	}

}
