package org.homelab.rollout.rehearsal.vault;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyPacket;
import org.bouncycastle.openpgp.PGPEncryptedDataList;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPPublicKeyEncryptedData;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPKeyPair;
import org.bouncycastle.openpgp.operator.jcajce.JcePublicKeyDataDecryptorFactoryBuilder;
import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.RequestJournal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * sys/init with pgp_keys hands out shares only their key holders can read, which then
 * unseal.
 */
class PgpInitTests {

	private final VaultLab lab = new VaultLab(FaultInjector.none(), new RequestJournal());

	private VaultClient client;

	@BeforeEach
	void start() {
		this.lab.start();
		this.client = new VaultClient(this.lab.url());
	}

	@AfterEach
	void stop() {
		this.lab.close();
	}

	@Test
	void sharesAndRootTokenAreEncryptedToTheGivenKeysAndUnsealOnceDecrypted() throws Exception {
		List<JcaPGPKeyPair> operators = List.of(keyPair(), keyPair(), keyPair());
		List<String> publicKeys = new ArrayList<>();
		for (JcaPGPKeyPair operator : operators) {
			publicKeys.add(Base64.getEncoder()
				.encodeToString(new PGPPublicKeyRing(List.of(operator.getPublicKey())).getEncoded()));
		}
		String json = "{\"secret_shares\":3,\"secret_threshold\":2,\"pgp_keys\":[\"" + String.join("\",\"", publicKeys)
				+ "\"],\"root_token_pgp_key\":\"" + publicKeys.get(0) + "\"}";
		VaultClient.Answer init = this.client.post("sys/init", null, json);
		assertThat(init.status()).isEqualTo(200);
		JsonNode keys = init.body().path("keys_base64");
		assertThat(keys).hasSize(3);
		String rootToken = decrypt(init.body().path("root_token").asText(), operators.get(0));
		assertThat(rootToken).startsWith("hvs.");
		String second = decrypt(keys.get(1).asText(), operators.get(1));
		String third = decrypt(keys.get(2).asText(), operators.get(2));
		assertThat(second).matches("[0-9a-f]{66}");
		this.client.post("sys/unseal", null, "{\"key\":\"" + second + "\"}");
		this.client.post("sys/unseal", null, "{\"key\":\"" + third + "\"}");
		assertThat(this.lab.sealed()).isFalse();
		assertThat(this.client.get("auth/token/lookup-self", rootToken).status()).isEqualTo(200);
	}

	@Test
	void wrongNumberOfKeysOrAnUnreadableKeyIsRefusedBeforeInitialising() {
		VaultClient.Answer count = this.client.post("sys/init", null,
				"{\"secret_shares\":3,\"secret_threshold\":2,\"pgp_keys\":[\"a\"]}");
		assertThat(count.status()).isEqualTo(400);
		assertThat(count.error()).contains("count mismatch");
		VaultClient.Answer garbage = this.client.post("sys/init", null,
				"{\"secret_shares\":1,\"secret_threshold\":1,\"pgp_keys\":[\"bm90IGEga2V5\"]}");
		assertThat(garbage.status()).isEqualTo(400);
		assertThat(garbage.error()).startsWith("error parsing given PGP key");
		assertThat(this.lab.initialized()).isFalse();
	}

	private static JcaPGPKeyPair keyPair() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		KeyPair pair = generator.generateKeyPair();
		return new JcaPGPKeyPair(PublicKeyPacket.VERSION_4, PublicKeyAlgorithmTags.RSA_GENERAL, pair, new Date());
	}

	private static String decrypt(String base64, JcaPGPKeyPair operator) throws Exception {
		InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(Base64.getDecoder().decode(base64)));
		PGPEncryptedDataList list = (PGPEncryptedDataList) new JcaPGPObjectFactory(in).nextObject();
		PGPPublicKeyEncryptedData data = (PGPPublicKeyEncryptedData) list.get(0);
		InputStream clear = data
			.getDataStream(new JcePublicKeyDataDecryptorFactoryBuilder().build(operator.getPrivateKey()));
		PGPLiteralData literal = (PGPLiteralData) new JcaPGPObjectFactory(clear).nextObject();
		return new String(literal.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
	}

}
