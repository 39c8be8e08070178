package org.homelab.rollout.vault;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.vault.core.VaultOperations;
import org.springframework.vault.support.VaultToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The engine restarts (a new wiring on the same state directory) at each point between
 * Vault's initialisation and the root token's revocation; with the plain shares file it
 * gets its token back and no root token stays valid.
 */
class RootRecoveryTests {

	@TempDir
	Path dir;

	private VaultLabFixture vault;

	private ClientWiring client;

	private VaultTarget target;

	private SharesHandedOut shares;

	private String initRoot;

	@BeforeEach
	void initialiseAndUnseal() {
		this.vault = new VaultLabFixture(this.dir);
		this.client = ClientWiring.plain(this.dir.resolve("state"));
		this.target = this.vault.target();
		this.shares = this.client.bootstrap.initialize(this.target);
		this.initRoot = this.client.secrets.rootToken(this.target).orElseThrow();
	}

	@AfterEach
	void stop() {
		this.vault.close();
	}

	@Test
	void restartBeforeUnsealingUnsealsWithTheSharesFile() {
		ClientWiring restarted = ClientWiring.plain(this.dir.resolve("state"));

		assertThat(restarted.bootstrap.unseal(this.target, this.shares.plainFile()).sealed()).isFalse();
	}

	@Test
	void restartBeforeTheEngineTokenGeneratesRootFromTheSharesFile() {
		this.client.bootstrap.unsealWithHeldShares(this.target);
		ClientWiring restarted = ClientWiring.plain(this.dir.resolve("state"));
		assertThat(restarted.access.ensureEngineToken(this.target)).isEqualTo(EngineAccess.TokenState.NO_ROOT);

		restarted.recovery.recoverWithShares(this.target, this.shares.plainFile());

		assertThat(restarted.access.renewIfValid(this.target)).isTrue();
		assertRevoked(this.initRoot);
		assertThat(this.vault.lab().validRootTokens()).isZero();
		assertThat(this.vault.lab().rootGenerationInProgress()).isFalse();
	}

	@Test
	void restartBetweenEngineTokenAndRevocationRevokesTheLostRootAndKeepsTheToken() throws Exception {
		this.client.bootstrap.unsealWithHeldShares(this.target);
		this.client.access.createEngineToken(this.target);
		String token = Files.readString(this.client.properties.engineTokenFile());
		ClientWiring restarted = ClientWiring.plain(this.dir.resolve("state"));
		assertThat(restarted.access.ensureEngineToken(this.target)).isEqualTo(EngineAccess.TokenState.VALID);

		restarted.recovery.recoverWithShares(this.target, this.shares.plainFile());

		assertThat(Files.readString(this.client.properties.engineTokenFile())).isEqualTo(token);
		assertThat(restarted.access.renewIfValid(this.target)).isTrue();
		assertRevoked(this.initRoot);
		assertThat(this.vault.lab().validRootTokens()).isZero();
	}

	@Test
	void engineTokenIsTheIdTheEngineChoseAndWroteDown() throws Exception {
		this.client.bootstrap.unsealWithHeldShares(this.target);

		assertThat(this.client.access.ensureEngineToken(this.target)).isEqualTo(EngineAccess.TokenState.CREATED);

		// the id is the engine's own (Vault's would start with hvs.), so it was on disk
		// before Vault created the token
		String stored = Files.readString(this.client.properties.engineTokenFile());
		assertThat(stored).matches("[0-9A-Za-z]{32}");
		VaultOperations asEngine = this.client.connections.withToken(this.target, VaultToken.of(stored));
		assertThat(asEngine.read("auth/token/lookup-self").getData()).containsEntry("id", stored);
	}

	private void assertRevoked(String root) {
		VaultOperations asRoot = this.client.connections.withToken(this.target, VaultToken.of(root));
		assertThatThrownBy(() -> asRoot.read("auth/token/lookup-self")).hasMessageContaining("403");
	}

}
