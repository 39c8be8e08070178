package org.homelab.rollout.sops;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Files {@link SopsYaml} writes, opened by real implementations: sops-age (npm) decrypts
 * the whole file (the MAC checked beside it, see decrypt.mjs), the real age unwraps the
 * data key for every recipient, and a changed file is refused.
 */
class SopsYamlTests {

	static final String DOCUMENT = """
			db:
			  user: rollout
			  password: horse-battery-staple
			  port: 5432
			  ratio: 0.75
			  tls: true
			  note: ""
			  spare: null
			hosts: [gitlab-ce.homelab.lan, vault.homelab.lan]
			api_token: glpat-Ab3dE6gH9jK2mN5pQ8sT
			region_unencrypted: homelab-1
			greeting: "grüß dich ✓"
			""";

	private static final Pattern ENC = Pattern
		.compile("ENC\\[AES256_GCM,data:([^,]*),iv:([^,]+),tag:([^,]+),type:(\\w+)]");

	@BeforeAll
	static void toolsInstalled() {
		AgeTool.require("SOPS files opened by the real age are");
		assertThat(Path.of("node_modules/sops-age/package.json")).as("sops-age (npm ci, run by the build)").exists();
	}

	@Test
	void sopsAgeDecryptsTheWholeFileAndTheMacVerifies(@TempDir Path dir) throws Exception {
		AgeTool.Identity operator = AgeTool.keygen(dir, "operator");
		String encrypted = sops(operator).encrypt(DOCUMENT);
		assertThat(encrypted).doesNotContain("horse-battery", "glpat-", "rollout", "grüß")
			.contains("region_unencrypted: homelab-1", "note: ''", "spare: null", "unencrypted_suffix: _unencrypted");
		assertThat(types(encrypted)).containsExactly("str", "str", "int", "float", "bool", "str", "str", "str", "str");
		Map<String, Object> opened = SopsAge.decrypt(dir, encrypted, operator);
		assertThat(opened.get("mac")).isEqualTo("verified");
		assertThat(opened.get("data")).isEqualTo(new Yaml().load(DOCUMENT));
		// what the scan finds in the plain document, it no longer finds once encrypted
		assertThat(new CommitScan().findings("ansible/secrets.yaml", DOCUMENT)).extracting(CommitFinding::line)
			.containsExactly(3, 10, 10);
		assertThat(new CommitScan().findings("ansible/secrets.enc.yaml", encrypted)).isEmpty();
	}

	@Test
	void theRealAgeUnwrapsOneDataKeyForEveryRecipientAndItOpensTheValues(@TempDir Path dir) throws Exception {
		AgeTool.Identity alice = AgeTool.keygen(dir, "alice");
		AgeTool.Identity bob = AgeTool.keygen(dir, "bob");
		Clock clock = Clock.fixed(Instant.parse("2026-12-06T15:30:42.123Z"), ZoneOffset.UTC);
		String encrypted = new SopsYaml(List.of(alice.recipient(), bob.recipient()), clock, new SecureRandom())
			.encrypt(DOCUMENT);
		Map<String, Object> metadata = new Yaml().<Map<String, Map<String, Object>>>load(encrypted).get("sops");
		assertThat(metadata).containsEntry("lastmodified", "2026-12-06T15:30:42Z").containsEntry("version", "3.13.2");
		@SuppressWarnings("unchecked")
		List<Map<String, String>> keys = (List<Map<String, String>>) metadata.get("age");
		assertThat(keys).extracting(k -> k.get("recipient"))
			.containsExactly(alice.recipient().toString(), bob.recipient().toString());
		byte[] dataKey = null;
		for (int i = 0; i < 2; i++) {
			AgeTool.Output unwrapped = AgeTool.decrypt(List.of(alice, bob).get(i),
					keys.get(i).get("enc").getBytes(StandardCharsets.US_ASCII));
			assertThat(unwrapped.exitCode()).as(unwrapped.error()).isZero();
			assertThat(unwrapped.out()).hasSize(32);
			dataKey = (dataKey == null) ? unwrapped.out() : dataKey;
			assertThat(unwrapped.out()).isEqualTo(dataKey);
		}
		// the key age gave opens a value under its key path, and the MAC under
		// lastmodified
		String password = encrypted.lines().filter(l -> l.strip().startsWith("password:")).findFirst().orElseThrow();
		assertThat(open(password, dataKey, "db:password:")).isEqualTo("horse-battery-staple");
		String hosts = encrypted.substring(encrypted.indexOf("hosts:"));
		assertThat(open(hosts, dataKey, "hosts:")).isEqualTo("gitlab-ce.homelab.lan");
		assertThat(open(metadata.get("mac").toString(), dataKey, "2026-12-06T15:30:42Z")).matches("[0-9A-F]{128}");
	}

	@Test
	void aKubernetesSecretWithEncryptedRegexKeepsItsMetadataReadable(@TempDir Path dir) throws Exception {
		AgeTool.Identity operator = AgeTool.keygen(dir, "operator");
		String secret = """
				apiVersion: v1
				kind: Secret
				metadata:
				  name: grafana-admin
				stringData:
				  admin-password: Tr0ub4dor&3
				""";
		String encrypted = sops(operator).encrypt(secret, Pattern.compile("^(data|stringData)$"));
		assertThat(encrypted).contains("kind: Secret", "name: grafana-admin", "encrypted_regex: ^(data|stringData)$")
			.doesNotContain("Tr0ub4dor", "unencrypted_suffix");
		Map<String, Object> opened = SopsAge.decrypt(dir, encrypted, operator);
		assertThat(opened.get("mac")).isEqualTo("verified");
		assertThat(opened.get("data")).isEqualTo(new Yaml().load(secret));
		assertThat(new CommitScan().findings("gitops/grafana-admin.yaml", encrypted)).isEmpty();
		assertThat(new CommitScan().findings("gitops/grafana-admin.yaml", secret)).isNotEmpty();
	}

	@Test
	void aChangedFileIsRefused(@TempDir Path dir) throws Exception {
		AgeTool.Identity operator = AgeTool.keygen(dir, "operator");
		String encrypted = sops(operator).encrypt(DOCUMENT);
		// a value moved to another key fails its authentication (the key path is its
		// additional data)
		String user = enc(line(encrypted, "user:"));
		String password = enc(line(encrypted, "password:"));
		String moved = encrypted.replace(user, "TMP").replace(password, user).replace("TMP", password);
		assertThat(SopsAge.run(dir, moved, operator).exitCode()).isNotZero();
		// a plain value changed leaves every value readable, but the MAC no longer
		// matches
		String changed = encrypted.replace("region_unencrypted: homelab-1", "region_unencrypted: homelab-2");
		assertThat(SopsAge.decrypt(dir, changed, operator).get("mac")).isEqualTo("the MAC does not match the values");
	}

	@Test
	void whatSopsCannotCarryIsRefusedWithoutQuotingIt() {
		SopsYaml sops = new SopsYaml(List.of(), Clock.systemUTC(), new SecureRandom());
		assertThat(catchThrowable(() -> sops.encrypt("a: b"))).hasMessageContaining("inventory.sops.age-recipients")
			.hasMessageContaining("keep it out of Git");
		SopsYaml one = new SopsYaml(List.of(AgeRecipient.parse("r", AgeRecipientTests.RECIPIENT)), Clock.systemUTC(),
				new SecureRandom());
		assertThat(catchThrowable(() -> one.encrypt("a: b\nsops: {}"))).hasMessageContaining("encrypted already");
		assertThat(catchThrowable(() -> one.encrypt("when: 2026-12-06"))).hasMessageContaining("at when")
			.hasMessageContaining("quote it");
		assertThat(catchThrowable(() -> one.encrypt("password: [hunter2"))).hasMessage("not one valid YAML document");
	}

	private static SopsYaml sops(AgeTool.Identity identity) {
		return new SopsYaml(List.of(identity.recipient()), Clock.systemUTC(), new SecureRandom());
	}

	private static List<String> types(String encrypted) {
		String values = encrypted.substring(0, encrypted.indexOf("\nsops:"));
		return ENC.matcher(values).results().map(m -> m.group(4)).toList();
	}

	private static String enc(String line) {
		Matcher enc = ENC.matcher(line);
		assertThat(enc.find()).as(line).isTrue();
		return enc.group();
	}

	private static String line(String text, String start) {
		return text.lines().filter(l -> l.strip().startsWith(start)).findFirst().orElseThrow();
	}

	// AES-256-GCM as sops's aes.Cipher.Decrypt: a 32-byte IV, data ‖ tag
	private static String open(String text, byte[] key, String additionalData) throws Exception {
		Matcher enc = ENC.matcher(text);
		assertThat(enc.find()).as(text).isTrue();
		Base64.Decoder b64 = Base64.getDecoder();
		byte[] iv = b64.decode(enc.group(2));
		assertThat(iv).hasSize(32);
		assertThat(b64.decode(enc.group(3))).hasSize(16);
		Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
		gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
		gcm.updateAAD(additionalData.getBytes(StandardCharsets.UTF_8));
		gcm.update(b64.decode(enc.group(1)));
		return new String(gcm.doFinal(b64.decode(enc.group(3))), StandardCharsets.UTF_8);
	}

	/** node with src/test/resources/sops/decrypt.mjs (sops-age from package.json). */
	static final class SopsAge {

		static AgeTool.Output run(Path dir, String encrypted, AgeTool.Identity identity) throws Exception {
			Path file = Files.createTempFile(dir, "secrets", ".enc.yaml");
			Files.writeString(file, encrypted);
			return AgeTool.run(List.of("node", "src/test/resources/sops/decrypt.mjs", file.toString(),
					identity.file().toString()));
		}

		@SuppressWarnings("unchecked")
		static Map<String, Object> decrypt(Path dir, String encrypted, AgeTool.Identity identity) throws Exception {
			AgeTool.Output out = run(dir, encrypted, identity);
			assertThat(out.exitCode()).as(out.error()).isZero();
			return new ObjectMapper().readValue(out.out(), Map.class);
		}

	}

}
