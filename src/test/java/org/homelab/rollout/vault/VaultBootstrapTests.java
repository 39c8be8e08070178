package org.homelab.rollout.vault;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Initialising and unsealing a rehearsal Vault over verified TLS, with the shares in a
 * file only the engine reads.
 */
class VaultBootstrapTests {

	@TempDir
	Path dir;

	private VaultLabFixture vault;

	private ClientWiring client;

	@BeforeEach
	void start() {
		this.vault = new VaultLabFixture(this.dir);
		this.client = ClientWiring.plain(this.dir.resolve("state"));
	}

	@AfterEach
	void stop() {
		this.vault.close();
	}

	@Test
	void freshVaultReadsAsUninitialised() {
		assertThat(this.client.seal.status(this.vault.target()).phase()).isEqualTo(SealState.Phase.UNINITIALIZED);
		assertThat(this.client.seal.health(this.vault.target())).isEqualTo(501);
	}

	@Test
	void initialiseWritesTheSharesToAnOwnerOnlyFileAndHoldsThemToUnseal() throws Exception {
		SharesHandedOut shares = this.client.bootstrap.initialize(this.vault.target());

		assertThat(shares.encrypted()).isFalse();
		Path file = shares.plainFile();
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
			.isEqualTo("rwx------");
		List<String> written = Files.readAllLines(file).stream().filter(l -> l.startsWith("share: ")).toList();
		assertThat(written).hasSize(5);
		assertThat(this.client.secrets.holdsShares(this.vault.target())).isTrue();
		assertThat(this.client.seal.status(this.vault.target()).phase()).isEqualTo(SealState.Phase.SEALED);

		SealState unsealed = this.client.bootstrap.unsealWithHeldShares(this.vault.target());

		assertThat(unsealed.sealed()).isFalse();
		assertThat(this.client.seal.health(this.vault.target())).isEqualTo(200);
		assertThat(this.client.secrets.holdsShares(this.vault.target())).isFalse();
		assertThat(this.client.secrets.holdsRootToken(this.vault.target())).isTrue();
	}

	@Test
	void initialisingAgainAfterACrashAdoptsItsOwnSharesFileAndAnotherOneIsRefused(@TempDir Path elsewhere) {
		SharesHandedOut first = this.client.bootstrap.initialize(this.vault.target());
		// killed before the step ended: the restarted engine runs it again
		ClientWiring restarted = ClientWiring.plain(this.dir.resolve("state"));

		SharesHandedOut again = restarted.bootstrap.initialize(this.vault.target());

		assertThat(again.plainFile()).isEqualTo(first.plainFile());
		assertThat(restarted.bootstrap.unseal(this.vault.target(), again.plainFile()).sealed()).isFalse();
		// an engine that handed nothing out does not take someone else's Vault for its
		// own
		ClientWiring stranger = ClientWiring.plain(elsewhere);
		assertThatThrownBy(() -> stranger.bootstrap.initialize(this.vault.target()))
			.hasMessageContaining("already initialized");
	}

	@Test
	void unsealWithoutHeldSharesSaysWhatTheOperatorDoes() {
		this.client.bootstrap.initialize(this.vault.target());
		ClientWiring restarted = ClientWiring.plain(this.dir.resolve("state"));

		assertThatThrownBy(() -> restarted.bootstrap.unsealWithHeldShares(this.vault.target()))
			.isInstanceOf(VaultSetupException.class)
			.hasMessageContaining("no longer holds the unseal shares")
			.hasMessageContaining("vault operator unseal");
	}

	@Test
	void aVaultCertificateFromAnotherCaIsRefused(@TempDir Path other) {
		VaultLabFixture stranger = new VaultLabFixture(other);
		try {
			VaultTarget wrongCa = new VaultTarget(stranger.target().address(), this.vault.caFile());
			assertThatThrownBy(() -> this.client.seal.status(wrongCa)).isInstanceOf(VaultSetupException.class)
				.hasMessageContaining("did not answer GET /v1/sys/seal-status")
				.hasMessageContaining("TLS certificate");
			assertThat(stranger.journal().entries("vault")).isEmpty();
		}
		finally {
			stranger.close();
		}
	}

	@Test
	void plainHttpAddressesAreRefused() {
		assertThatThrownBy(() -> VaultTarget.of("http://127.0.0.1:8200", null))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("not https");
	}

}
