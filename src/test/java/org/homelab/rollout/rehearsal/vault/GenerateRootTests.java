package org.homelab.rollout.rehearsal.vault;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.RequestJournal;
import org.homelab.rollout.support.Contract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * sys/generate-root as Vault serves it: unauthenticated, one attempt at a time, a nonce
 * with every share, the new root token only in the answer to the share that completes the
 * quorum, XORed with the OTP Vault made up when the attempt started.
 */
class GenerateRootTests {

	private final RequestJournal journal = new RequestJournal();

	private final VaultLab lab = new VaultLab(FaultInjector.none(), this.journal);

	private VaultClient client;

	private JsonNode init;

	@BeforeEach
	void start() {
		this.lab.start();
		this.client = new VaultClient(this.lab.url());
		this.init = this.client.post("sys/init", null, "{\"secret_shares\":3,\"secret_threshold\":2}").body();
		unseal();
	}

	@AfterEach
	void stop() {
		this.lab.close();
	}

	@Test
	void quorumOfSharesWithTheNonceYieldsARootTokenEncodedWithTheOtp() {
		VaultClient.Answer started = this.client.post("sys/generate-root/attempt", null, "{}");
		assertThat(started.status()).isEqualTo(200);
		String otp = started.body().path("otp").asText();
		String nonce = started.body().path("nonce").asText();
		assertThat(otp).matches("[0-9A-Za-z]{28}");
		assertThat(started.body().path("otp_length").asInt()).isEqualTo(28);
		assertThat(started.body().path("started").asBoolean()).isTrue();
		assertThat(started.body().path("progress").asInt()).isZero();
		assertThat(started.body().path("required").asInt()).isEqualTo(2);

		// the OTP is shown once; the attempt can be read by anyone, without a token
		JsonNode status = this.client.get("sys/generate-root/attempt", null).body();
		assertThat(status.path("nonce").asText()).isEqualTo(nonce);
		assertThat(status.path("otp").asText()).isEmpty();
		assertThat(status.path("started").asBoolean()).isTrue();

		VaultClient.Answer first = update(share(0), nonce);
		assertThat(first.status()).isEqualTo(200);
		assertThat(first.body().path("progress").asInt()).isOne();
		assertThat(first.body().path("complete").asBoolean()).isFalse();
		assertThat(first.body().path("encoded_token").asText()).isEmpty();
		assertThat(this.client.get("sys/generate-root/attempt", null).body().path("progress").asInt()).isOne();

		VaultClient.Answer last = update(base64Share(2), nonce);
		assertThat(last.status()).isEqualTo(200);
		assertThat(last.body().path("complete").asBoolean()).isTrue();
		String encoded = last.body().path("encoded_token").asText();
		assertThat(last.body().path("encoded_root_token").asText()).isEqualTo(encoded);
		String root = decode(encoded, otp);
		assertThat(root).startsWith("hvs.");
		JsonNode self = this.client.get("auth/token/lookup-self", root).body().path("data");
		assertThat(self.path("policies").toString()).isEqualTo("[\"root\"]");
		// Vault forgets a finished attempt at once: the token is never shown again
		JsonNode after = this.client.get("sys/generate-root/attempt", null).body();
		assertThat(after.path("started").asBoolean()).isFalse();
		assertThat(after.path("nonce").asText()).isEmpty();
		assertThat(this.journal.violations()).isEmpty();
	}

	@Test
	void secondAttemptWrongNonceAndRepeatedShareAreRefusedWith400() {
		String nonce = this.client.post("sys/generate-root/attempt", null, "{}").body().path("nonce").asText();

		VaultClient.Answer again = this.client.post("sys/generate-root/attempt", null, "{}");
		assertThat(again.status()).isEqualTo(400);
		assertThat(again.error()).isEqualTo("root generation already in progress");

		VaultClient.Answer wrongNonce = update(share(0), "00000000-0000-0000-0000-000000000000");
		assertThat(wrongNonce.status()).isEqualTo(400);
		assertThat(wrongNonce.error())
			.isEqualTo("incorrect nonce supplied; nonce for this root generation operation is \"" + nonce + "\"");

		update(share(0), nonce);
		VaultClient.Answer repeated = update(base64Share(0), nonce);
		assertThat(repeated.status()).isEqualTo(400);
		assertThat(repeated.error()).isEqualTo("given key has already been provided during this generation operation");

		VaultClient.Answer noKey = this.client.post("sys/generate-root/update", null, "{\"nonce\":\"" + nonce + "\"}");
		assertThat(noKey.status()).isEqualTo(400);
		assertThat(noKey.error()).isEqualTo("'key' must be specified in request body as JSON");
		VaultClient.Answer notAKey = update("not a key!", nonce);
		assertThat(notAKey.error()).isEqualTo("'key' must be a valid hex or base64 string");
		VaultClient.Answer tooShort = update("abcd", nonce);
		assertThat(tooShort.error()).isEqualTo("key is shorter than minimum 16 bytes");

		VaultClient.Answer ownOtp = this.client.post("sys/generate-root/attempt", null, "{\"otp\":\"short\"}");
		assertThat(ownOtp.status()).isEqualTo(400);
		assertThat(ownOtp.error()).isEqualTo("OTP string is wrong length");
		// the refusals changed nothing
		assertThat(this.client.get("sys/generate-root/attempt", null).body().path("progress").asInt()).isOne();
	}

	@Test
	void cancelledAttemptTakesNoMoreShares() {
		String nonce = this.client.post("sys/generate-root/attempt", null, "{}").body().path("nonce").asText();
		update(share(0), nonce);

		VaultClient.Answer cancelled = this.client.call("DELETE", "sys/generate-root/attempt", null, null);
		assertThat(cancelled.status()).isEqualTo(204);

		VaultClient.Answer late = update(share(1), nonce);
		assertThat(late.status()).isEqualTo(400);
		assertThat(late.error()).isEqualTo("no root generation in progress");
		assertThat(this.client.get("sys/generate-root/attempt", null).body().path("started").asBoolean()).isFalse();
	}

	@Test
	void foreignShareSpendsTheQuorumButKeepsTheAttempt() {
		String nonce = this.client.post("sys/generate-root/attempt", null, "{}").body().path("nonce").asText();
		update(share(0), nonce);

		VaultClient.Answer foreign = update("aa".repeat(33), nonce);
		assertThat(foreign.status()).isEqualTo(400);
		assertThat(foreign.error()).startsWith("root generation aborted: unable to authenticate");

		JsonNode status = this.client.get("sys/generate-root/attempt", null).body();
		assertThat(status.path("started").asBoolean()).isTrue();
		assertThat(status.path("nonce").asText()).isEqualTo(nonce);
		assertThat(status.path("progress").asInt()).isZero();
	}

	@Test
	void sealedOrUninitialisedVaultSaysSoAndARestartEndsTheAttempt() {
		this.client.post("sys/generate-root/attempt", null, "{}");
		this.lab.close();
		this.lab.start();
		this.client = new VaultClient(this.lab.url());

		VaultClient.Answer sealed = this.client.post("sys/generate-root/attempt", null, "{}");
		assertThat(sealed.status()).isEqualTo(400);
		assertThat(sealed.error()).isEqualTo("Vault is sealed");
		unseal();
		assertThat(this.client.get("sys/generate-root/attempt", null).body().path("started").asBoolean()).isFalse();

		this.lab.reset();
		VaultClient.Answer uninitialised = this.client.get("sys/generate-root/attempt", null);
		assertThat(uninitialised.status()).isEqualTo(400);
		assertThat(uninitialised.error()).isEqualTo("server is not yet initialized");
	}

	@Test
	void requestsAreCheckedAgainstTheContract() {
		Contract.VAULT.require("the lab checking Vault requests against its OpenAPI document is");
		String nonce = this.client.post("sys/generate-root/attempt", null, "{}").body().path("nonce").asText();

		VaultClient.Answer listKey = this.client.post("sys/generate-root/update", null,
				"{\"key\":[\"" + share(0) + "\"],\"nonce\":\"" + nonce + "\"}");
		assertThat(listKey.status()).isEqualTo(400);
		assertThat(this.journal.entries("vault")).last().satisfies(e -> assertThat(e.verdict()).isNotEqualTo("ok"));
		assertThat(this.client.get("sys/generate-root/attempt", null).body().path("progress").asInt()).isZero();
		update(share(0), nonce);
		assertThat(this.journal.entries("vault")).last().satisfies(e -> assertThat(e.verdict()).isEqualTo("ok"));
	}

	@Test
	void rootMayListAndRevokeTokensByAccessorOthersMayNot() {
		String root = this.init.path("root_token").asText();
		JsonNode created = this.client.post("auth/token/create", root, "{\"policies\":[\"default\"],\"ttl\":\"1h\"}")
			.body()
			.path("auth");
		String child = created.path("client_token").asText();
		String accessor = created.path("accessor").asText();

		VaultClient.Answer listed = this.client.call("LIST", "auth/token/accessors", root, null);
		assertThat(listed.status()).isEqualTo(200);
		assertThat(listed.body().path("data").path("keys").toString()).contains(accessor);
		assertThat(this.client.call("LIST", "auth/token/accessors", child, null).status()).isEqualTo(403);

		JsonNode looked = this.client.post("auth/token/lookup-accessor", root, "{\"accessor\":\"" + accessor + "\"}")
			.body()
			.path("data");
		assertThat(looked.path("id").asText()).isEmpty();
		assertThat(looked.path("policies").toString()).isEqualTo("[\"default\"]");
		assertThat(this.client.post("auth/token/revoke-accessor", root, "{\"accessor\":\"" + accessor + "\"}").status())
			.isEqualTo(204);
		assertThat(this.client.get("auth/token/lookup-self", child).status()).isEqualTo(403);
		VaultClient.Answer gone = this.client.post("auth/token/revoke-accessor", root,
				"{\"accessor\":\"" + accessor + "\"}");
		assertThat(gone.status()).isEqualTo(400);
		assertThat(gone.error()).isEqualTo("invalid accessor");
	}

	private void unseal() {
		this.client.post("sys/unseal", null, "{\"key\":\"" + share(0) + "\"}");
		this.client.post("sys/unseal", null, "{\"key\":\"" + share(1) + "\"}");
	}

	private VaultClient.Answer update(String key, String nonce) {
		return this.client.post("sys/generate-root/update", null,
				"{\"key\":\"" + key + "\",\"nonce\":\"" + nonce + "\"}");
	}

	private String share(int i) {
		return this.init.path("keys").path(i).asText();
	}

	private String base64Share(int i) {
		return this.init.path("keys_base64").path(i).asText();
	}

	/** Vault's roottoken.DecodeToken, written from its documentation: base64 XOR OTP. */
	private static String decode(String encoded, String otp) {
		byte[] token = Base64.getDecoder().decode(encoded);
		byte[] pad = otp.getBytes(StandardCharsets.UTF_8);
		assertThat(token).hasSameSizeAs(pad);
		for (int i = 0; i < token.length; i++) {
			token[i] ^= pad[i];
		}
		return new String(token, StandardCharsets.UTF_8);
	}

}
