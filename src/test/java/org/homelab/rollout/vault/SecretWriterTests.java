package org.homelab.rollout.vault;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The one writer of KV v2 secrets, with the engine's own token against the lab's Vault
 * (its contract checked): a secret is written once with check-and-set 0, kept on a
 * re-run, compared only where the policy allows, deleted.
 */
class SecretWriterTests {

	private static final SecretReference PROOF = new SecretReference("homelab", VaultPolicies.esoProofPath());

	private static final SecretReference GRAFANA = new SecretReference("homelab", "services/grafana/admin-password");

	@TempDir
	Path dir;

	private VaultLabFixture vault;

	private ClientWiring client;

	private VaultTarget target;

	@BeforeEach
	void engineWithAKvMount() {
		this.vault = new VaultLabFixture(this.dir);
		this.client = ClientWiring.plain(this.dir.resolve("state"));
		this.target = this.vault.target();
		this.client.bootstrap.initialize(this.target);
		this.client.bootstrap.unsealWithHeldShares(this.target);
		this.client.access.createEngineToken(this.target);
		this.client.access.revokeRootToken(this.target);
		this.client.kv.ensure(this.target, this.client.access.engineVault(this.target));
	}

	@AfterEach
	void stop() {
		this.vault.close();
	}

	@Test
	void writeOnceStoresTheFirstValueAndKeepsItOnARerun() {
		int before = this.vault.journal().entries("vault").size();

		assertThat(this.client.writer.writeOnce(this.target, PROOF, "first")).isEqualTo(Outcome.CREATED);
		assertThat(this.client.writer.writeOnce(this.target, PROOF, "second")).isEqualTo(Outcome.UNCHANGED);

		assertThat(this.client.writer.exists(this.target, PROOF)).isTrue();
		assertThat(this.client.writer.holds(this.target, PROOF, bytes("first"))).isTrue();
		assertThat(this.client.writer.holds(this.target, PROOF, bytes("second"))).isFalse();
		assertThat(this.vault.writesSince(before)).containsExactly("POST /v1/homelab/data/" + PROOF.path());
		assertThat(this.vault.journal().violations()).isEmpty();
	}

	@Test
	void theEngineStoresSecretsItCannotReadBack() {
		assertThat(this.client.writer.exists(this.target, GRAFANA)).isFalse();
		assertThat(this.client.writer.writeOnce(this.target, GRAFANA, "s3cret")).isEqualTo(Outcome.CREATED);

		assertThat(this.client.writer.exists(this.target, GRAFANA)).isTrue();
		assertThatExceptionOfType(VaultCallException.class)
			.isThrownBy(() -> this.client.writer.holds(this.target, GRAFANA, bytes("s3cret")))
			.satisfies(ex -> assertThat(ex.status()).isEqualTo(403))
			.withMessageContaining("GET /v1/homelab/data/" + GRAFANA.path())
			.withMessageNotContaining("s3cret");
	}

	@Test
	void deleteRemovesEveryVersionAndAnAbsentSecretIsFine() {
		this.client.writer.writeOnce(this.target, PROOF, "first");

		this.client.writer.delete(this.target, PROOF);
		this.client.writer.delete(this.target, PROOF);

		assertThat(this.client.writer.exists(this.target, PROOF)).isFalse();
		assertThat(this.client.writer.holds(this.target, PROOF, bytes("first"))).isFalse();
		assertThat(this.client.writer.writeOnce(this.target, PROOF, "again")).isEqualTo(Outcome.CREATED);
		assertThat(this.vault.journal().violations()).isEmpty();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
