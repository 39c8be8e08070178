package org.homelab.rollout.vault.steps;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.homelab.rollout.eso.EsoConnection;
import org.homelab.rollout.eso.steps.EsoVariables;
import org.homelab.rollout.rehearsal.RehearsalLab;
import org.homelab.rollout.rehearsal.proxmox.VmView;
import org.homelab.rollout.support.ProcessRuns;
import org.homelab.rollout.vault.SealState;
import org.homelab.rollout.vault.SecretGenerator;
import org.homelab.rollout.vault.VaultConfigurationCheck;
import org.homelab.rollout.vault.VaultSeal;
import org.homelab.rollout.vault.VaultTarget;
import org.homelab.rollout.vault.VaultTlsIssuer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Phase 1.2 on the embedded lab (contract checks on): vault-install on a provisioned VM
 * brings Vault up with TLS the engine verifies, a re-run adopts it; then vault-setup, the
 * ESO release and eso-connect leave a Ready store and a materialised proof Secret, and
 * eso-disconnect removes what eso-connect made.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "rollout.vault.state-dir=target/vault-it/${random.uuid}", "rollout.waits.initial-backoff=20ms",
				"rollout.waits.max-backoff=200ms" })
@ActiveProfiles({ "rehearsal", "test" })
class VaultInstallAndEsoIntegrationTests {

	private static final ResourceDefinitionContext STORES = new ResourceDefinitionContext.Builder()
		.withGroup("external-secrets.io")
		.withVersion("v1")
		.withKind("ClusterSecretStore")
		.withPlural("clustersecretstores")
		.withNamespaced(false)
		.build();

	private static final ResourceDefinitionContext EXTERNAL_SECRETS = new ResourceDefinitionContext.Builder()
		.withGroup("external-secrets.io")
		.withVersion("v1")
		.withKind("ExternalSecret")
		.withPlural("externalsecrets")
		.withNamespaced(true)
		.build();

	// the same spies as VaultSetupIntegrationTests and VaultSecretScanIntegrationTests:
	// one application context
	@MockitoSpyBean
	VaultSeal seal;

	@MockitoSpyBean
	SecretGenerator generator;

	@MockitoSpyBean
	VaultConfigurationCheck check;

	@MockitoSpyBean
	VaultTlsIssuer issuer;

	@Autowired
	RehearsalLab lab;

	@Autowired
	ProcessEngine engine;

	@Autowired
	RepositoryService repository;

	private VaultChain chain;

	private ProcessRuns runs;

	@BeforeEach
	void freshLab() {
		this.lab.reset();
		this.chain = new VaultChain(this.engine);
		this.runs = this.chain.runs();
	}

	@AfterEach
	void noContractViolationsAndNoVaultLeft() {
		assertThat(this.lab.journal().violations()).isEmpty();
		// the VM's Vault listens at a fixed address: stop it for the next context's lab
		this.lab.reset();
	}

	@Test
	void vaultInstallBringsUpVaultWithTlsTheEngineVerifiesAndAReRunAdoptsIt() {
		Map<String, Object> installed = this.chain.installVault("install-1");

		assertThat(installed).containsEntry(VaultVariables.ADOPTED, false)
			.containsEntry(VaultVariables.ADDRESS, "https://127.0.10.22:8200");
		VaultTarget target = VaultTarget.of((String) installed.get(VaultVariables.ADDRESS),
				(String) installed.get(VaultVariables.CA_FILE));
		assertThat(this.seal.status(target).phase()).isEqualTo(SealState.Phase.UNINITIALIZED);
		VmView vm = this.lab.proxmox().vms().stream().filter(v -> "vault".equals(v.name())).findFirst().orElseThrow();
		assertThat(this.lab.vaults().lab(vm.vmid())).hasValueSatisfying(v -> assertThat(v.running()).isTrue());
		// no staged file left in root's home, the key where vault.hcl names it
		assertThat(vm.files()).doesNotContainKey("/root/homelab-rollout-vault.vault.key")
			.containsKeys("/opt/vault/tls/vault.key", "/etc/vault.d/vault.hcl", "/etc/systemd/system/vault.service");
		// what restore-test's vault check (deploy/backup/restore-checks/vault.sh) reads
		// in a restored copy: the data directory install -d made, the TLS files
		assertThat(vm.files()).containsKeys("/opt/vault/data/.dir", "/opt/vault/tls/vault.crt",
				"/opt/vault/tls/ca.crt");
		int writes = this.lab.journal().entries("proxmox").size();

		Map<String, Object> again = this.runs.run("vault-install", "install-2", Map.of("vmName", "vault")).variables();

		assertThat(again).containsEntry(VaultVariables.ADOPTED, true)
			.containsEntry(VaultVariables.CA_FILE, installed.get(VaultVariables.CA_FILE));
		assertThat(this.runs.passed(this.runs.last("vault-install"), "write-files")).isFalse();
		assertThat(this.lab.journal()
			.entries("proxmox")
			.stream()
			.skip(writes)
			.filter(e -> e.path().endsWith("/agent/file-write") || e.path().endsWith("/agent/exec"))).isEmpty();
	}

	@Test
	void fullChainLeavesAReadyStoreAndTheProofSecretAndDisconnectRemovesThem() {
		Map<String, Object> installed = this.chain.installVault("chain-1");
		this.chain.setUpVault("chain-1", installed);
		this.chain.installEsoRelease("chain-1");

		Map<String, Object> connected = this.chain.connectEso("chain-1", installed);

		assertThat(connected).containsEntry(EsoVariables.STORE_CREATED, true)
			.containsEntry(EsoVariables.PROOF_PATH, "homelab/services/external-secrets/proof");
		GenericKubernetesResource store = client().genericKubernetesResources(STORES)
			.withName(EsoConnection.STORE)
			.get();
		assertThat(store.getAdditionalProperties().get("status").toString()).contains("type=Ready", "status=True",
				"reason=Valid");
		Secret proof = proofSecret();
		assertThat(proof).isNotNull();
		assertThat(new String(Base64.getDecoder().decode(proof.getData().get(EsoConnection.PROOF_KEY)),
				StandardCharsets.UTF_8))
			.hasSizeGreaterThan(20);
		assertThat(proof.getMetadata().getOwnerReferences()).singleElement()
			.satisfies(o -> assertThat(o.getKind()).isEqualTo("ExternalSecret"));

		Map<String, Object> again = this.chain.connectEso("chain-2", installed);
		assertThat(again).containsEntry(EsoVariables.STORE_CREATED, false);
		Map<String, Object> adopted = this.chain.disconnectEso("chain-2", installed, false);
		assertThat(adopted).containsEntry(EsoVariables.STORE_DELETED, false);
		assertThat(client().genericKubernetesResources(STORES).withName(EsoConnection.STORE).get()).isNotNull();

		deployGateCheck();
		Map<String, Object> gate = this.runs
			.run("vault-check", "chain-1", Map.of(VaultVariables.ADDRESS, installed.get(VaultVariables.ADDRESS),
					VaultVariables.CA_FILE, installed.get(VaultVariables.CA_FILE)))
			.variables();
		assertThat(gate).containsEntry(VaultVariables.CONFIGURED_MET, true);
		assertThat((String) gate.get(VaultVariables.CONFIGURED_RESULT))
			.startsWith("health 200, KV homelab/, 8 policies");

		Map<String, Object> disconnected = this.chain.disconnectEso("chain-1", installed, true);

		assertThat(disconnected).containsEntry(EsoVariables.STORE_DELETED, true);
		assertThat(client().genericKubernetesResources(STORES).withName(EsoConnection.STORE).get()).isNull();
		assertThat(client().genericKubernetesResources(EXTERNAL_SECRETS)
			.inNamespace("external-secrets")
			.withName(EsoConnection.PROOF)
			.get()).isNull();
		await().until(() -> proofSecret() == null);
		assertThat(client().configMaps().inNamespace("external-secrets").withName(EsoConnection.CA_CONFIG_MAP).get())
			.isNull();
	}

	/**
	 * How Phase 1 checks its criterion before the gate: one service task with
	 * checkVaultConfigured.
	 */
	private void deployGateCheck() {
		String xml = """
				<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
				    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" targetNamespace="http://homelab.org/test">
				  <bpmn:process id="vault-check" isExecutable="true" camunda:historyTimeToLive="P1D">
				    <bpmn:startEvent id="s" />
				    <bpmn:serviceTask id="check" camunda:asyncBefore="true" camunda:delegateExpression="${checkVaultConfigured}" />
				    <bpmn:endEvent id="e" />
				    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="check" />
				    <bpmn:sequenceFlow id="f2" sourceRef="check" targetRef="e" />
				  </bpmn:process>
				</bpmn:definitions>
				""";
		this.repository.createDeployment().addString("vault-check.bpmn", xml).deploy();
	}

	private Secret proofSecret() {
		return client().secrets().inNamespace("external-secrets").withName(EsoConnection.PROOF).get();
	}

	private KubernetesClient client() {
		return this.lab.kubernetes().client();
	}

}
