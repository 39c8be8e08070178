package org.homelab.rollout.vault.steps;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.task.Task;
import org.homelab.rollout.support.ProcessRuns;
import org.homelab.rollout.vault.BootstrapSecrets;
import org.homelab.rollout.vault.EngineRestart;
import org.homelab.rollout.vault.InitResult;
import org.homelab.rollout.vault.SealState;
import org.homelab.rollout.vault.SecretGenerator;
import org.homelab.rollout.vault.VaultConfigurationCheck;
import org.homelab.rollout.vault.VaultConnections;
import org.homelab.rollout.vault.VaultLabFixture;
import org.homelab.rollout.vault.VaultPolicies;
import org.homelab.rollout.vault.VaultProperties;
import org.homelab.rollout.vault.VaultSeal;
import org.homelab.rollout.vault.VaultSetupException;
import org.homelab.rollout.vault.VaultTlsIssuer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.springframework.vault.core.VaultOperations;
import org.springframework.vault.support.VaultToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doReturn;

/**
 * vault-setup against a rehearsal Vault (contract checks on): a new Vault ends
 * initialised, unsealed, configured and without a root token; a re-run adopts it and
 * writes nothing; a sealed one is unsealed with the engine's own shares file while that
 * is still there (a run cancelled before the unseal), else waits for the operator.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "rollout.vault.state-dir=target/vault-it/${random.uuid}", "rollout.waits.initial-backoff=20ms",
				"rollout.waits.max-backoff=200ms" })
@ActiveProfiles({ "rehearsal", "test" })
class VaultSetupIntegrationTests {

	@TempDir
	Path dir;

	@MockitoSpyBean
	VaultSeal seal;

	// the same spies as VaultSecretScanIntegrationTests: one application context for both
	@MockitoSpyBean
	SecretGenerator generator;

	@MockitoSpyBean
	VaultConfigurationCheck check;

	@MockitoSpyBean
	VaultTlsIssuer issuer;

	@Autowired
	VaultConnections connections;

	@Autowired
	BootstrapSecrets secrets;

	@Autowired
	VaultProperties properties;

	@Autowired
	ProcessEngine engine;

	private final AtomicReference<InitResult> init = new AtomicReference<>();

	private VaultLabFixture vault;

	private ProcessRuns runs;

	@BeforeEach
	void start() {
		this.vault = new VaultLabFixture(this.dir);
		this.runs = new ProcessRuns(this.engine).failingOnJobExceptions();
		doAnswer(invocation -> {
			InitResult result = (InitResult) invocation.callRealMethod();
			this.init.set(result);
			return result;
		}).when(this.seal).initialize(any(), anyInt(), anyInt(), anyList());
	}

	@AfterEach
	void stop() {
		this.vault.close();
	}

	@Test
	void newVaultIsInitialisedUnsealedConfiguredAndItsRootTokenRevoked() throws Exception {
		String run = setup();

		// the shares are secured before anything else is configured
		Task move = this.runs.awaitTask(run, "move-shares-offline");
		Path shares = Path.of((String) this.runs.variable(run, VaultVariables.SHARES_FILE));
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(shares))).isEqualTo("rw-------");
		assertThat(this.vault.lab().sealed()).isFalse();
		assertThat(this.runs.variable(run, VaultVariables.ROOT_TOKEN_REVOKED)).isEqualTo(true);
		assertRootTokenRevoked();
		this.runs.complete(move, Map.of("vaultSharesMovedOffline", true));
		this.runs.awaitTask(run, "move-shares-offline");
		assertThat(this.runs.variable(run, VaultVariables.SHARES_REMOVED)).as("file still there").isEqualTo(false);
		Files.delete(shares);
		this.runs.complete(this.runs.awaitTask(run, "move-shares-offline"), Map.of());
		this.runs.awaitEnd(run, "vault-ready");

		assertThat(this.vault.lab().mounts()).containsEntry("homelab/", "kv-v2");
		assertThat(this.vault.lab().authMounts()).containsEntry("kubernetes/", "kubernetes");
		assertThat(this.vault.lab().policies()).contains(VaultPolicies.ENGINE, VaultPolicies.ESO, "svc-gitlab-ce");
		assertThat(this.vault.writesSince(0)).contains("POST /v1/auth/token/revoke-self");
		assertThat(this.vault.journal().violations()).isEmpty();
	}

	@Test
	void rootTokenLostInARestartBeforeTheEngineTokenIsGeneratedAgainFromTheSharesFile() throws Exception {
		restartOnceUnsealed(false);

		String run = setup();
		Task move = this.runs.awaitTask(run, "move-shares-offline");

		assertThat(this.runs.passed(run, "recover-root-with-shares")).isTrue();
		assertThat(this.runs.passed(run, "generate-root-with-holders")).isFalse();
		assertThat(this.runs.variable(run, VaultVariables.ROOT_TOKEN_REVOKED)).isEqualTo(true);
		// the root token of the initialisation, which the restart made the engine forget,
		// is revoked as well as the generated one
		assertRootTokenRevoked();
		assertThat(this.vault.lab().validRootTokens()).isZero();
		assertThat(this.vault.lab().rootGenerationInProgress()).isFalse();
		assertThat(this.vault.writesSince(0)).contains("POST /v1/sys/generate-root/attempt",
				"POST /v1/sys/generate-root/update", "POST /v1/auth/token/revoke-accessor");
		Files.delete(Path.of((String) this.runs.variable(run, VaultVariables.SHARES_FILE)));
		this.runs.complete(move, Map.of("vaultSharesMovedOffline", true));
		// the configuration needs the engine token the recovery created
		this.runs.awaitEnd(run, "vault-ready");
		assertThat(this.vault.lab().policies()).contains(VaultPolicies.ESO);
		assertThat(this.vault.journal().violations()).isEmpty();
	}

	@Test
	void withoutTheSharesFileTheHoldersGenerateRootThroughTheirTaskAndTheRunContinues() throws Exception {
		restartOnceUnsealed(true);

		String run = setup();
		Task generate = this.runs.awaitTask(run, "generate-root-with-holders");
		String nonce = (String) this.runs.variable(run, VaultVariables.ROOT_GENERATION_NONCE);
		assertThat(this.runs.variable(run, VaultVariables.ROOT_GENERATION_REQUIRED)).isEqualTo(3);
		assertThat((String) this.runs.variable(run, VaultVariables.ROOT_GENERATION_COMMANDS))
			.contains("VAULT_ADDR=" + this.vault.target().address())
			.contains("vault operator generate-root -nonce=" + nonce + " -");
		Path otp = this.properties.stateDir().resolve("root-generation-" + nonce + ".otp");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(otp))).isEqualTo("rw-------");

		// one holder gives a share, the task is completed to see where things stand
		List<String> shares = this.init.get().shares();
		giveShare(shares.get(0), nonce);
		this.runs.complete(generate, Map.of());
		Task again = this.runs.awaitTask(run, "generate-root-with-holders");
		assertThat((String) this.runs.variable(run, VaultVariables.ROOT_GENERATION_STATUS))
			.contains("1 of the 3 shares")
			.contains("2 still missing");
		giveShare(shares.get(3), nonce);
		Map<String, Object> last = giveShare(shares.get(4), nonce);
		assertThat(last.get("complete")).isEqualTo(true);
		this.runs.complete(again, Map.of(VaultVariables.ENCODED_ROOT_TOKEN, last.get("encoded_token")));

		this.runs.awaitTask(run, "move-shares-offline");
		assertThat(this.runs.variable(run, VaultVariables.ROOT_GENERATED)).isEqualTo(true);
		assertThat(this.runs.variables(run)).doesNotContainKey(VaultVariables.ENCODED_ROOT_TOKEN);
		assertThat(otp).doesNotExist();
		assertRootTokenRevoked();
		assertThat(this.vault.lab().validRootTokens()).isZero();
		this.runs.complete(this.runs.awaitTask(run, "move-shares-offline"), Map.of("vaultSharesMovedOffline", true));
		this.runs.awaitEnd(run, "vault-ready");
		assertThat(this.vault.journal().violations()).isEmpty();
	}

	@Test
	void runCancelledWhileTheHoldersGenerateRootCancelsTheAttempt() throws Exception {
		restartOnceUnsealed(true);
		String run = setup();
		this.runs.awaitTask(run, "generate-root-with-holders");
		String nonce = (String) this.runs.variable(run, VaultVariables.ROOT_GENERATION_NONCE);
		giveShare(this.init.get().shares().get(0), nonce);
		assertThat(this.vault.lab().rootGenerationInProgress()).isTrue();

		this.engine.getRuntimeService().deleteProcessInstance(run, "cancelled in Cockpit", false);

		assertThat(this.vault.lab().rootGenerationInProgress()).isFalse();
		assertThat(this.properties.stateDir().resolve("root-generation-" + nonce + ".otp")).doesNotExist();
	}

	@Test
	void reRunAdoptsTheUnsealedVaultAndChangesNothing() throws Exception {
		setUpOnce();
		int before = this.vault.journal().entries("vault").size();

		String again = setup();
		this.runs.awaitEnd(again, "vault-ready");

		assertThat(this.runs.variable(again, VaultVariables.PHASE)).isEqualTo("UNSEALED");
		assertThat(this.runs.passed(again, "initialize-vault")).isFalse();
		assertThat(this.runs.passed(again, "revoke-root-token")).isFalse();
		assertThat(this.runs.variable(again, VaultVariables.KV_MOUNT_CREATED)).isEqualTo(false);
		assertThat(this.runs.variable(again, VaultVariables.POLICIES_CREATED)).isEqualTo("");
		assertThat(this.runs.variable(again, VaultVariables.POLICIES_UPDATED)).isEqualTo("");
		assertThat(this.runs.variable(again, VaultVariables.KUBERNETES_CONFIG)).isEqualTo("UNCHANGED");
		assertThat(this.runs.variable(again, VaultVariables.ESO_ROLE)).isEqualTo("UNCHANGED");
		assertThat(this.vault.writesSince(before)).as("only the engine token's renewal")
			.containsExactly("POST /v1/auth/token/renew-self");
		assertThat(this.vault.journal().violations()).isEmpty();
	}

	@Test
	void sealedVaultWaitsForTheOperatorAndChecksSealStatusItself() throws Exception {
		setUpOnce();
		this.vault.restart();
		assertThat(this.vault.lab().sealed()).isTrue();

		String run = setup();
		Task unseal = this.runs.awaitTask(run, "unseal-by-operator");
		assertThat(this.runs.variable(run, VaultVariables.PHASE)).isEqualTo("SEALED");
		this.runs.complete(unseal, Map.of("vaultUnsealedByOperator", true));
		// not unsealed yet: asked again
		Task again = this.runs.awaitTask(run, "unseal-by-operator");
		assertThat(this.runs.variable(run, VaultVariables.SEALED)).isEqualTo(true);

		// the holders unseal with their own tools
		for (String share : this.init.get().shares().subList(0, 3)) {
			this.seal.unseal(this.vault.target(), share);
		}
		this.runs.complete(again, Map.of("vaultUnsealedByOperator", true));
		this.runs.awaitEnd(run, "vault-ready");

		assertThat(this.runs.variable(run, VaultVariables.SEALED)).isEqualTo(false);
		assertThat(this.runs.variable(run, VaultVariables.ENGINE_TOKEN_CREATED)).isEqualTo(false);
	}

	/**
	 * A run cancelled in Cockpit between the initialisation and the unseal leaves Vault
	 * initialised and sealed, and its shares file on the engine's host: the next run
	 * unseals with that file instead of waiting for a person, and asks only to move it
	 * offline.
	 */
	@Test
	void runCancelledBeforeTheUnsealLeavesItsSharesFileAndTheNextRunUnsealsWithIt() throws Exception {
		AtomicBoolean unsealFails = new AtomicBoolean(true);
		doAnswer(invocation -> {
			if (unsealFails.get()) {
				throw new VaultSetupException("test: Vault did not answer sys/unseal");
			}
			return invocation.callRealMethod();
		}).when(this.seal).unseal(any(), any());
		String cancelled = setup();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.engine.getManagementService()
				.createJobQuery()
				.processInstanceId(cancelled)
				.activityId("unseal-vault")
				.withException()
				.count() > 0);
		Path shares = Path.of((String) this.runs.variable(cancelled, VaultVariables.SHARES_FILE));
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			try {
				this.engine.getRuntimeService()
					.deleteProcessInstance(cancelled, "cancelled in Cockpit", true, true, true);
				return true;
			}
			catch (OptimisticLockingException ex) {
				return false;
			}
		});
		unsealFails.set(false);
		assertThat(this.vault.lab().sealed()).isTrue();
		assertThat(shares).exists();

		String run = setup();
		Task move = this.runs.awaitTask(run, "move-shares-offline");
		assertThat(this.runs.variable(run, VaultVariables.PHASE)).isEqualTo("SEALED");
		assertThat(this.runs.passed(run, "unseal-vault")).isTrue();
		assertThat(this.runs.passed(run, "unseal-by-operator")).isFalse();
		assertThat(this.runs.variable(run, VaultVariables.SHARES_FILE)).isEqualTo(shares.toString());
		assertThat(this.vault.lab().sealed()).isFalse();
		Files.delete(shares);
		this.runs.complete(move, Map.of("vaultSharesMovedOffline", true));
		this.runs.awaitEnd(run, "vault-ready");
		assertRootTokenRevoked();
		assertThat(this.vault.lab().validRootTokens()).isZero();
		assertThat(this.vault.journal().violations()).isEmpty();
	}

	@Test
	void incompleteConfigurationRollsBackWhatThisRunCreatedAndKeepsTheRest() throws Exception {
		doReturn(List.of("policy svc-grafana")).when(this.check).missing(any(), any(), any());

		String run = setup();
		handOverShares(run);
		this.runs.awaitEnd(run, "configuration-rolled-back");

		assertThat(this.runs.passed(run, "unmount-kv")).isTrue();
		assertThat(this.vault.lab().mounts()).doesNotContainKey("homelab/");
		assertThat(this.vault.lab().authMounts()).doesNotContainKey("kubernetes/");
		assertThat(this.vault.lab().policies()).containsExactlyInAnyOrder("default", "root", VaultPolicies.ENGINE);
		// the engine keeps its own access, so a corrected run can converge again
		assertThat(this.vault.lab().sealed()).isFalse();
		assertRootTokenRevoked();
	}

	@Test
	void rollbackOfAnAdoptedVaultRemovesNothingItFound() throws Exception {
		setUpOnce();
		doReturn(List.of("role auth/kubernetes/role/external-secrets")).when(this.check).missing(any(), any(), any());

		String run = setup();
		this.runs.awaitEnd(run, "configuration-rolled-back");

		assertThat(this.vault.lab().mounts()).containsKey("homelab/");
		assertThat(this.vault.lab().authMounts()).containsKey("kubernetes/");
		assertThat(this.vault.lab().policies()).contains(VaultPolicies.ESO, "svc-grafana");
	}

	private String setup() {
		return this.runs.start("vault-setup", Map.of(VaultVariables.ADDRESS, this.vault.target().address().toString(),
				VaultVariables.CA_FILE, this.vault.caFile().toString()));
	}

	private void setUpOnce() throws Exception {
		String first = setup();
		handOverShares(first);
		this.runs.awaitEnd(first, "vault-ready");
	}

	/**
	 * What the operator does: moves the shares offline, deletes the file, completes the
	 * task.
	 */
	private void handOverShares(String run) throws Exception {
		Task move = this.runs.awaitTask(run, "move-shares-offline");
		Files.delete(Path.of((String) this.runs.variable(run, VaultVariables.SHARES_FILE)));
		this.runs.complete(move, Map.of("vaultSharesMovedOffline", true));
	}

	/**
	 * The engine restarts right after it unsealed Vault, before it has its own token: it
	 * forgets the root token (and, with {@code sharesGone}, an operator has already taken
	 * the shares file away).
	 */
	private void restartOnceUnsealed(boolean sharesGone) {
		doAnswer(invocation -> {
			SealState state = (SealState) invocation.callRealMethod();
			if (!state.sealed()) {
				EngineRestart.forgetHeldSecrets(this.secrets, this.vault.target());
				if (sharesGone) {
					try (var files = Files.newDirectoryStream(this.properties.stateDir(), "unseal-shares-*.txt")) {
						for (Path file : files) {
							Files.delete(file);
						}
					}
				}
			}
			return state;
		}).when(this.seal).unseal(any(), any());
	}

	/** A share holder's 'vault operator generate-root -nonce=...': Vault's answer. */
	@SuppressWarnings("unchecked")
	private Map<String, Object> giveShare(String share, String nonce) {
		return this.connections.anonymous(this.vault.target())
			.doWithVault(rest -> rest.postForObject("sys/generate-root/update", Map.of("key", share, "nonce", nonce),
					Map.class));
	}

	private void assertRootTokenRevoked() {
		VaultOperations asRoot = this.connections.withToken(this.vault.target(),
				VaultToken.of(this.init.get().rootToken()));
		assertThatThrownBy(() -> asRoot.read("auth/token/lookup-self")).hasMessageContaining("Status 403");
	}

}
