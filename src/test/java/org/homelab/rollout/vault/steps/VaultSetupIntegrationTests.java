package org.homelab.rollout.vault.steps;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.homelab.rollout.vault.InitResult;
import org.homelab.rollout.vault.SecretGenerator;
import org.homelab.rollout.vault.VaultConfigurationCheck;
import org.homelab.rollout.vault.VaultConnections;
import org.homelab.rollout.vault.VaultLabFixture;
import org.homelab.rollout.vault.VaultPolicies;
import org.homelab.rollout.vault.VaultSeal;
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
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doReturn;

/**
 * vault-setup against a rehearsal Vault (contract checks on): a new Vault ends
 * initialised, unsealed, configured and without a root token; a re-run adopts it and
 * writes nothing; a sealed one waits for the operator.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "rollout.vault.state-dir=target/vault-it/${random.uuid}", "rollout.waits.poll-interval=20ms",
				"rollout.waits.initial-backoff=20ms", "rollout.waits.max-backoff=200ms" })
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
	RuntimeService runtime;

	@Autowired
	TaskService tasks;

	@Autowired
	HistoryService history;

	@Autowired
	ManagementService management;

	private final AtomicReference<InitResult> init = new AtomicReference<>();

	private VaultLabFixture vault;

	private ProcessDriver driver;

	@BeforeEach
	void start() {
		this.vault = new VaultLabFixture(this.dir);
		this.driver = new ProcessDriver(this.runtime, this.tasks, this.history, this.management);
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
		ProcessInstance run = this.driver.setup(this.vault);

		// the shares are secured before anything else is configured
		Task move = this.driver.awaitTask(run, "move-shares-offline");
		Path shares = Path.of((String) this.driver.variable(run, VaultVariables.SHARES_FILE));
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(shares))).isEqualTo("rw-------");
		assertThat(this.vault.lab().sealed()).isFalse();
		assertThat(this.driver.variable(run, VaultVariables.ROOT_TOKEN_REVOKED)).isEqualTo(true);
		assertRootTokenRevoked();
		this.driver.complete(move, Map.of("vaultSharesMovedOffline", true));
		this.driver.awaitTask(run, "move-shares-offline");
		assertThat(this.driver.variable(run, VaultVariables.SHARES_REMOVED)).as("file still there").isEqualTo(false);
		Files.delete(shares);
		this.driver.complete(this.driver.awaitTask(run, "move-shares-offline"), Map.of());
		this.driver.awaitEnd(run, "vault-ready");

		assertThat(this.vault.lab().mounts()).containsEntry("homelab/", "kv-v2");
		assertThat(this.vault.lab().authMounts()).containsEntry("kubernetes/", "kubernetes");
		assertThat(this.vault.lab().policies()).contains(VaultPolicies.ENGINE, VaultPolicies.ESO, "svc-gitlab-ce");
		assertThat(this.vault.writesSince(0)).contains("POST /v1/auth/token/revoke-self");
		assertThat(this.vault.journal().violations()).isEmpty();
	}

	@Test
	void reRunAdoptsTheUnsealedVaultAndChangesNothing() throws Exception {
		setUpOnce();
		int before = this.vault.journal().entries("vault").size();

		ProcessInstance again = this.driver.setup(this.vault);
		this.driver.awaitEnd(again, "vault-ready");

		assertThat(this.driver.variable(again, VaultVariables.PHASE)).isEqualTo("UNSEALED");
		assertThat(this.driver.passed(again, "initialize-vault")).isFalse();
		assertThat(this.driver.passed(again, "revoke-root-token")).isFalse();
		assertThat(this.driver.variable(again, VaultVariables.KV_MOUNT_CREATED)).isEqualTo(false);
		assertThat(this.driver.variable(again, VaultVariables.POLICIES_CREATED)).isEqualTo("");
		assertThat(this.driver.variable(again, VaultVariables.POLICIES_UPDATED)).isEqualTo("");
		assertThat(this.driver.variable(again, VaultVariables.KUBERNETES_CONFIG)).isEqualTo("UNCHANGED");
		assertThat(this.driver.variable(again, VaultVariables.ESO_ROLE)).isEqualTo("UNCHANGED");
		assertThat(this.vault.writesSince(before)).as("only the engine token's renewal")
			.containsExactly("POST /v1/auth/token/renew-self");
		assertThat(this.vault.journal().violations()).isEmpty();
	}

	@Test
	void sealedVaultWaitsForTheOperatorAndChecksSealStatusItself() throws Exception {
		setUpOnce();
		this.vault.restart();
		assertThat(this.vault.lab().sealed()).isTrue();

		ProcessInstance run = this.driver.setup(this.vault);
		Task unseal = this.driver.awaitTask(run, "unseal-by-operator");
		assertThat(this.driver.variable(run, VaultVariables.PHASE)).isEqualTo("SEALED");
		this.driver.complete(unseal, Map.of("vaultUnsealedByOperator", true));
		// not unsealed yet: asked again
		Task again = this.driver.awaitTask(run, "unseal-by-operator");
		assertThat(this.driver.variable(run, VaultVariables.SEALED)).isEqualTo(true);

		// the holders unseal with their own tools
		for (String share : this.init.get().shares().subList(0, 3)) {
			this.seal.unseal(this.vault.target(), share);
		}
		this.driver.complete(again, Map.of("vaultUnsealedByOperator", true));
		this.driver.awaitEnd(run, "vault-ready");

		assertThat(this.driver.variable(run, VaultVariables.SEALED)).isEqualTo(false);
		assertThat(this.driver.variable(run, VaultVariables.ENGINE_TOKEN_CREATED)).isEqualTo(false);
	}

	@Test
	void incompleteConfigurationRollsBackWhatThisRunCreatedAndKeepsTheRest() throws Exception {
		doReturn(List.of("policy svc-grafana")).when(this.check).missing(any(), any(), any());

		ProcessInstance run = this.driver.setup(this.vault);
		handOverShares(run);
		this.driver.awaitEnd(run, "configuration-rolled-back");

		assertThat(this.driver.passed(run, "unmount-kv")).isTrue();
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

		ProcessInstance run = this.driver.setup(this.vault);
		this.driver.awaitEnd(run, "configuration-rolled-back");

		assertThat(this.vault.lab().mounts()).containsKey("homelab/");
		assertThat(this.vault.lab().authMounts()).containsKey("kubernetes/");
		assertThat(this.vault.lab().policies()).contains(VaultPolicies.ESO, "svc-grafana");
	}

	private void setUpOnce() throws Exception {
		ProcessInstance first = this.driver.setup(this.vault);
		handOverShares(first);
		this.driver.awaitEnd(first, "vault-ready");
	}

	/**
	 * What the operator does: moves the shares offline, deletes the file, completes the
	 * task.
	 */
	private void handOverShares(ProcessInstance run) throws Exception {
		Task move = this.driver.awaitTask(run, "move-shares-offline");
		Files.delete(Path.of((String) this.driver.variable(run, VaultVariables.SHARES_FILE)));
		this.driver.complete(move, Map.of("vaultSharesMovedOffline", true));
	}

	private void assertRootTokenRevoked() {
		VaultOperations asRoot = this.connections.withToken(this.vault.target(),
				VaultToken.of(this.init.get().rootToken()));
		assertThatThrownBy(() -> asRoot.read("auth/token/lookup-self")).hasMessageContaining("Status 403");
	}

}
