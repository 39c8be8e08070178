package org.homelab.rollout.vault;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.vault.VaultException;
import org.springframework.vault.core.VaultKeyValueMetadataOperations;
import org.springframework.vault.core.VaultOperations;
import org.springframework.vault.core.VaultVersionedKeyValueOperations;
import org.springframework.vault.support.VaultMetadataResponse;
import org.springframework.web.client.HttpClientErrorException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * What the lab cannot stage: another writer storing the secret between SecretWriter's
 * look and its write. Vault then refuses the check-and-set with 400, and the secret that
 * is there now is kept; a 400 for anything else is an error.
 */
class SecretWriterConflictTests {

	private static final VaultTarget TARGET = VaultTarget.of("https://vault.homelab.lan:8200", null);

	private static final SecretReference GRAFANA = new SecretReference("homelab", "services/grafana/admin-password");

	private final VaultKeyValueMetadataOperations metadata = mock(VaultKeyValueMetadataOperations.class);

	private final VaultVersionedKeyValueOperations kv = mock(VaultVersionedKeyValueOperations.class);

	private SecretWriter writer;

	@BeforeEach
	void engineVault() {
		VaultOperations vault = mock(VaultOperations.class);
		EngineAccess access = mock(EngineAccess.class);
		given(access.engineVault(TARGET)).willReturn(vault);
		given(vault.opsForVersionedKeyValue("homelab")).willReturn(this.kv);
		given(this.kv.opsForKeyValueMetadata()).willReturn(this.metadata);
		given(this.kv.put(eq(GRAFANA.path()), any())).willThrow(new VaultException(
				"Status 400 Bad Request [homelab/data/services/grafana/admin-password]: check-and-set parameter did "
						+ "not match the current version",
				HttpClientErrorException.create(HttpStatus.BAD_REQUEST, "Bad Request", null, null, null)));
		this.writer = new SecretWriter(access);
	}

	@Test
	void aSecretWrittenByAnotherBetweenLookAndWriteIsKept() {
		given(this.metadata.get(GRAFANA.path())).willReturn(null, mock(VaultMetadataResponse.class));

		assertThat(this.writer.writeOnce(TARGET, GRAFANA, "mine")).isEqualTo(Outcome.UNCHANGED);
	}

	@Test
	void aRefusedWriteOfAnAbsentSecretNamesVaultTheCallAndItsAnswer() {
		given(this.metadata.get(GRAFANA.path())).willReturn(null);

		assertThatExceptionOfType(VaultCallException.class)
			.isThrownBy(() -> this.writer.writeOnce(TARGET, GRAFANA, "mine"))
			.satisfies(ex -> assertThat(ex.status()).isEqualTo(400))
			.withMessageContaining(
					"Vault at https://vault.homelab.lan:8200 refused POST /v1/homelab/data/" + GRAFANA.path())
			.withMessageNotContaining("mine");
	}

}
