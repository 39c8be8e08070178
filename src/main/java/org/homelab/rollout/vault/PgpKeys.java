package org.homelab.rollout.vault;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;

/**
 * The share holders' public keys as {@code sys/init} wants them (base64 of the binary
 * key), read from files exported with {@code gpg --export} (binary or {@code --armor}).
 * The holder is named after the file: {@code alice.asc} → alice.
 */
final class PgpKeys {

	record Holder(String name, String base64Key) {
	}

	private PgpKeys() {
	}

	static List<Holder> read(List<Path> files) {
		return files.stream().map(PgpKeys::holder).toList();
	}

	private static Holder holder(Path file) {
		try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(Files.readAllBytes(file)))) {
			PGPPublicKeyRing ring = new PGPPublicKeyRing(in, new BcKeyFingerprintCalculator());
			return new Holder(name(file), Base64.getEncoder().encodeToString(ring.getEncoded()));
		}
		catch (IOException | RuntimeException ex) {
			throw new VaultSetupException("Cannot read the PGP public key " + file + " (" + ex.getMessage()
					+ "). Export each share holder's key with 'gpg --export --armor <id> > <holder>.asc' and list the "
					+ "files in rollout.vault.pgp-key-files.", ex);
		}
	}

	private static String name(Path file) {
		String name = file.getFileName().toString();
		int dot = name.indexOf('.');
		return (dot > 0) ? name.substring(0, dot) : name;
	}

}
