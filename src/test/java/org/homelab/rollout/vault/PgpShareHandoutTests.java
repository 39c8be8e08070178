package org.homelab.rollout.vault;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyPacket;
import org.bouncycastle.openpgp.PGPEncryptedDataList;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPPublicKeyEncryptedData;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPKeyPair;
import org.bouncycastle.openpgp.operator.jcajce.JcePublicKeyDataDecryptorFactoryBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * With holders' PGP keys configured, each holder gets a file only their private key
 * opens, and nothing plain.
 */
class PgpShareHandoutTests {

	@TempDir
	Path dir;

	private VaultLabFixture vault;

	private final List<JcaPGPKeyPair> holders = new ArrayList<>();

	private final List<Path> keyFiles = new ArrayList<>();

	@BeforeEach
	void keys() throws Exception {
		this.vault = new VaultLabFixture(this.dir);
		for (String name : List.of("alice", "bob", "carol")) {
			JcaPGPKeyPair pair = keyPair();
			this.holders.add(pair);
			byte[] key = new PGPPublicKeyRing(List.of(pair.getPublicKey())).getEncoded();
			// alice exports armoured, the others binary: both are read
			this.keyFiles.add("alice".equals(name) ? Files.write(this.dir.resolve(name + ".asc"), armour(key))
					: Files.write(this.dir.resolve(name + ".gpg"), key));
		}
	}

	@AfterEach
	void stop() {
		this.vault.close();
	}

	@Test
	void sharesWrittenOutAreEncryptedToTheHoldersKeysAndUnsealOnceDecrypted() throws Exception {
		ClientWiring client = new ClientWiring(ClientWiring.properties(this.dir.resolve("state"), this.keyFiles, 3, 2));

		SharesHandedOut shares = client.bootstrap.initialize(this.vault.target());

		assertThat(shares.encrypted()).isTrue();
		assertThat(shares.plainFile()).isNull();
		assertThat(shares.files()).extracting(f -> f.getFileName().toString())
			.containsExactly("alice.share.gpg", "bob.share.gpg", "carol.share.gpg");
		assertThat(client.secrets.holdsShares(this.vault.target())).isFalse();
		assertThat(client.secrets.holdsRootToken(this.vault.target())).isTrue();
		try (Stream<Path> state = Files.list(this.dir.resolve("state"))) {
			assertThat(state.map(f -> f.getFileName().toString())).as("no plain shares file")
				.noneMatch(name -> name.startsWith("unseal-shares"));
		}

		String bob = decrypt(shares.files().get(1), this.holders.get(1));
		String carol = decrypt(shares.files().get(2), this.holders.get(2));
		assertThat(bob).matches("[0-9a-f]{66}");
		assertThatThrownBy(() -> decrypt(shares.files().get(0), this.holders.get(1))).as("bob cannot open alice's")
			.isInstanceOf(Exception.class);
		client.seal.unseal(this.vault.target(), bob);
		assertThat(client.seal.unseal(this.vault.target(), carol).sealed()).isFalse();
	}

	@Test
	void engineThatLostRootGetsItsTokenThroughTheHoldersDecryptingTheirShares() throws Exception {
		VaultProperties properties = ClientWiring.properties(this.dir.resolve("state"), this.keyFiles, 3, 2);
		ClientWiring client = new ClientWiring(properties);
		SharesHandedOut shares = client.bootstrap.initialize(this.vault.target());
		String alice = decrypt(shares.files().get(0), this.holders.get(0));
		String bob = decrypt(shares.files().get(1), this.holders.get(1));
		client.seal.unseal(this.vault.target(), alice);
		client.seal.unseal(this.vault.target(), bob);
		ClientWiring restarted = new ClientWiring(properties);
		assertThat(restarted.access.ensureEngineToken(this.vault.target())).isEqualTo(EngineAccess.TokenState.NO_ROOT);

		RootRecovery.HoldersAttempt attempt = restarted.recovery.startWithHolders(this.vault.target());
		Path otp = properties.stateDir().resolve("root-generation-" + attempt.nonce() + ".otp");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(otp))).isEqualTo("rw-------");
		giveShare(restarted, alice, attempt.nonce());
		RootRecovery.HoldersResult early = restarted.recovery.finishWithHolders(this.vault.target(), attempt.nonce(),
				null);
		assertThat(early.done()).isFalse();
		assertThat(early.status()).contains("1 of the 2 shares").contains("1 still missing");
		Map<String, Object> last = giveShare(restarted, decrypt(shares.files().get(2), this.holders.get(2)),
				attempt.nonce());

		RootRecovery.HoldersResult done = restarted.recovery.finishWithHolders(this.vault.target(), attempt.nonce(),
				(String) last.get("encoded_token"));

		assertThat(done.done()).isTrue();
		assertThat(restarted.access.renewIfValid(this.vault.target())).isTrue();
		assertThat(this.vault.lab().validRootTokens()).isZero();
		assertThat(otp).doesNotExist();
	}

	@Test
	void aKeyCountOtherThanTheShareCountIsRefusedBeforeInitialising() {
		ClientWiring client = new ClientWiring(
				ClientWiring.properties(this.dir.resolve("state"), this.keyFiles.subList(0, 2), 3, 2));

		assertThatThrownBy(() -> client.bootstrap.initialize(this.vault.target()))
			.isInstanceOf(VaultSetupException.class)
			.hasMessageContaining("lists 2 keys but rollout.vault.secret-shares is 3");
		assertThat(this.vault.lab().initialized()).isFalse();
	}

	/**
	 * A holder's 'gpg -d … | vault operator generate-root -nonce=… -': Vault's answer.
	 */
	@SuppressWarnings("unchecked")
	private Map<String, Object> giveShare(ClientWiring client, String share, String nonce) {
		return client.connections.anonymous(this.vault.target())
			.doWithVault(rest -> rest.postForObject("sys/generate-root/update", Map.of("key", share, "nonce", nonce),
					Map.class));
	}

	private static JcaPGPKeyPair keyPair() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		KeyPair pair = generator.generateKeyPair();
		return new JcaPGPKeyPair(PublicKeyPacket.VERSION_4, PublicKeyAlgorithmTags.RSA_GENERAL, pair, new Date());
	}

	private static byte[] armour(byte[] key) throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (OutputStream armoured = new ArmoredOutputStream(out)) {
			armoured.write(key);
		}
		return out.toByteArray();
	}

	/** What {@code gpg -d <holder>.share.gpg} does. */
	private static String decrypt(Path file, JcaPGPKeyPair holder) throws Exception {
		InputStream in = new ByteArrayInputStream(Files.readAllBytes(file));
		PGPEncryptedDataList list = (PGPEncryptedDataList) new JcaPGPObjectFactory(in).nextObject();
		PGPPublicKeyEncryptedData data = (PGPPublicKeyEncryptedData) list.get(0);
		InputStream clear = data
			.getDataStream(new JcePublicKeyDataDecryptorFactoryBuilder().build(holder.getPrivateKey()));
		PGPLiteralData literal = (PGPLiteralData) new JcaPGPObjectFactory(clear).nextObject();
		return new String(literal.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
	}

}
