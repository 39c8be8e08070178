package org.homelab.rollout.sops;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link AgeEncryption} writes, opened by the real age ({@code age -d}) with
 * identities from {@code age-keygen}: the X25519 stanza, the header MAC and the STREAM
 * payload are right when age, which checks all three, gives the plaintext back.
 */
class AgeEncryptionTests {

	private final AgeEncryption age = new AgeEncryption(new SecureRandom());

	@BeforeAll
	static void ageInstalled() {
		AgeTool.require("encryption to age recipients (the SOPS data keys) is");
	}

	@Test
	void ageOpensADataKeyForEachOfTwoRecipients(@TempDir Path dir) throws Exception {
		AgeTool.Identity alice = AgeTool.keygen(dir, "alice");
		AgeTool.Identity bob = AgeTool.keygen(dir, "bob");
		byte[] dataKey = new byte[32];
		new SecureRandom().nextBytes(dataKey);
		byte[] file = this.age.encrypt(dataKey, List.of(alice.recipient(), bob.recipient()));
		for (AgeTool.Identity identity : List.of(alice, bob)) {
			AgeTool.Output opened = AgeTool.decrypt(identity, file);
			assertThat(opened.exitCode()).as(opened.error()).isZero();
			assertThat(opened.out()).isEqualTo(dataKey);
		}
	}

	@Test
	void ageOpensTheArmoredForm(@TempDir Path dir) throws Exception {
		AgeTool.Identity identity = AgeTool.keygen(dir, "operator");
		String armored = AgeEncryption.armor(this.age.encrypt("a data key".getBytes(), List.of(identity.recipient())));
		assertThat(armored).startsWith("-----BEGIN AGE ENCRYPTED FILE-----\n")
			.endsWith("\n-----END AGE ENCRYPTED FILE-----\n");
		AgeTool.Output opened = AgeTool.decrypt(identity, armored.getBytes(StandardCharsets.US_ASCII));
		assertThat(opened.exitCode()).as(opened.error()).isZero();
		assertThat(new String(opened.out())).isEqualTo("a data key");
	}

	@Test
	void ageOpensPayloadsOfSeveralChunksAndEdgeSizes(@TempDir Path dir) throws Exception {
		AgeTool.Identity identity = AgeTool.keygen(dir, "operator");
		for (int size : new int[] { 0, 1, 64 * 1024, 64 * 1024 + 1, 3 * 64 * 1024 + 17 }) {
			byte[] plaintext = new byte[size];
			new SecureRandom().nextBytes(plaintext);
			AgeTool.Output opened = AgeTool.decrypt(identity,
					this.age.encrypt(plaintext, List.of(identity.recipient())));
			assertThat(opened.exitCode()).as("%d bytes: %s", size, opened.error()).isZero();
			assertThat(opened.out()).as("%d bytes", size).isEqualTo(plaintext);
		}
	}

	@Test
	void ageRefusesAFileForSomeoneElse(@TempDir Path dir) throws Exception {
		AgeTool.Identity alice = AgeTool.keygen(dir, "alice");
		AgeTool.Identity mallory = AgeTool.keygen(dir, "mallory");
		AgeTool.Output opened = AgeTool.decrypt(mallory, this.age.encrypt(new byte[32], List.of(alice.recipient())));
		assertThat(opened.exitCode()).isNotZero();
		assertThat(opened.error()).contains("no identity matched");
	}

	@Test
	void ageRefusesATamperedHeader(@TempDir Path dir) throws Exception {
		AgeTool.Identity identity = AgeTool.keygen(dir, "operator");
		byte[] file = this.age.encrypt(new byte[32], List.of(identity.recipient()));
		String header = new String(file, StandardCharsets.ISO_8859_1);
		int mac = header.indexOf("--- ") + 4;
		// flip one character of the header MAC: age must refuse the file
		file[mac] = (byte) ((file[mac] == 'A') ? 'B' : 'A');
		AgeTool.Output opened = AgeTool.decrypt(identity, file);
		assertThat(opened.exitCode()).isNotZero();
	}

}
