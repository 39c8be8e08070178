package org.homelab.rollout.vault;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.vault.core.VaultOperations;
import org.springframework.vault.support.VaultToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;

/**
 * After bootstrap the engine works with its own least-privilege token only: it converges
 * the configuration, a second pass changes nothing, and it can store secrets it cannot
 * read back.
 */
class VaultConvergenceTests {

	private static final KubernetesApi K3S = new KubernetesApi("https://127.0.10.30:6443",
			"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");

	@TempDir
	Path dir;

	private VaultLabFixture vault;

	private ClientWiring client;

	private VaultTarget target;

	@BeforeEach
	void bootstrap() {
		this.vault = new VaultLabFixture(this.dir);
		this.client = ClientWiring.plain(this.dir.resolve("state"));
		this.target = this.vault.target();
		this.client.bootstrap.initialize(this.target);
		this.client.bootstrap.unsealWithHeldShares(this.target);
		assertThat(this.client.access.renewIfValid(this.target)).isFalse();
		this.client.access.createEngineToken(this.target);
	}

	@AfterEach
	void stop() {
		this.vault.close();
	}

	@Test
	void engineTokenIsAnOrphanInAnOwnerOnlyFileAndOutlivesTheRevokedRoot() throws Exception {
		Path file = this.client.properties.engineTokenFile();
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
		String root = this.client.secrets.rootToken(this.target).orElseThrow();

		this.client.access.revokeRootToken(this.target);

		assertThat(this.client.secrets.holdsRootToken(this.target)).isFalse();
		VaultOperations asRoot = this.client.connections.withToken(this.target, VaultToken.of(root));
		assertThatThrownBy(() -> asRoot.read("auth/token/lookup-self")).hasMessageContaining("403");
		assertThat(this.client.access.renewIfValid(this.target)).isTrue();
		Map<String, Object> self = this.client.access.engineVault(this.target).read("auth/token/lookup-self").getData();
		assertThat(self).containsEntry("orphan", true);
		assertThat(self.get("policies")).asInstanceOf(LIST).containsExactlyInAnyOrder("default", VaultPolicies.ENGINE);
	}

	@Test
	void aRefusedEngineTokenIsReadAgainFromItsFileOnTheNextLook() throws Exception {
		Path file = this.client.properties.engineTokenFile();
		String valid = Files.readString(file);
		Files.writeString(file, "hvs.revokedorforeign");
		ClientWiring restarted = new ClientWiring(this.client.properties);
		assertThat(restarted.access.renewIfValid(this.target)).isFalse();

		// the operator puts a valid token back, as the incident message says
		Files.writeString(file, valid);
		assertThat(restarted.access.renewIfValid(this.target)).isTrue();
	}

	@Test
	void engineConvergesTheConfigurationAndASecondPassChangesNothing() {
		this.client.access.revokeRootToken(this.target);
		VaultOperations engine = this.client.access.engineVault(this.target);

		assertThat(converge(engine)).containsExactly(Outcome.CREATED, Outcome.CREATED, Outcome.CREATED,
				Outcome.CREATED);
		assertThat(this.vault.lab().mounts()).containsEntry("homelab/", "kv-v2");
		assertThat(this.vault.lab().authMounts()).containsEntry("kubernetes/", "kubernetes");
		assertThat(this.vault.lab().policies()).contains("svc-grafana", "svc-gitlab-ce", VaultPolicies.ESO,
				VaultPolicies.ENGINE);
		assertThat(this.client.check.missing(this.target, engine, VaultPolicies.ESO_ROLE)).isEmpty();
		int before = this.vault.journal().entries("vault").size();

		assertThat(converge(engine)).containsOnly(Outcome.UNCHANGED);
		assertThat(
				this.client.policyConvergence.converge(this.target, engine, this.client.policies.services()).created())
			.isEmpty();
		assertThat(this.vault.writesSince(before)).isEmpty();
		assertThat(this.vault.journal().violations()).isEmpty();
	}

	@Test
	void generatedSecretIsStoredOnceAndTheEngineCannotReadItBack() {
		this.client.access.revokeRootToken(this.target);
		VaultOperations engine = this.client.access.engineVault(this.target);
		converge(engine);

		SecretReference first = this.client.generated.generate(this.target, "gitlab-ce", "root-password",
				SecretKind.PASSWORD);
		SecretReference again = this.client.generated.generate(this.target, "gitlab-ce", "root-password",
				SecretKind.PASSWORD);

		assertThat(first).hasToString("homelab/services/gitlab-ce/root-password").isEqualTo(again);
		assertThat(engine.read("homelab/metadata/services/gitlab-ce/root-password").getData())
			.containsEntry("current_version", 1);
		assertThatThrownBy(() -> engine.read("homelab/data/services/gitlab-ce/root-password"))
			.hasMessageContaining("permission denied");
	}

	@Test
	void engineCannotWidenItsOwnPolicy() {
		this.client.access.revokeRootToken(this.target);
		VaultOperations engine = this.client.access.engineVault(this.target);

		assertThatThrownBy(() -> engine.write("sys/policies/acl/" + VaultPolicies.ENGINE,
				Map.of("policy", "path \"*\" { capabilities = [\"sudo\"] }")))
			.hasMessageContaining("permission denied");
	}

	@Test
	void compensationRemovesWhatThisRunCreated() {
		this.client.access.revokeRootToken(this.target);
		VaultOperations engine = this.client.access.engineVault(this.target);
		converge(engine);

		this.client.kubernetes.deleteRole(this.target, engine, VaultPolicies.ESO_ROLE);
		this.client.kubernetes.disableMethod(this.target, engine);
		this.client.policyConvergence.delete(this.target, engine,
				this.client.policies.services().stream().map(PolicyDocument::name).toList());
		this.client.kv.remove(this.target, engine);

		assertThat(this.vault.lab().mounts()).doesNotContainKey("homelab/");
		assertThat(this.vault.lab().authMounts()).doesNotContainKey("kubernetes/");
		assertThat(this.vault.lab().policies()).containsExactlyInAnyOrder("default", "root", VaultPolicies.ENGINE);
	}

	private List<Outcome> converge(VaultOperations engine) {
		Outcome mount = this.client.kv.ensure(this.target, engine);
		PolicyConvergence.Result policies = this.client.policyConvergence.converge(this.target, engine,
				this.client.policies.services());
		Outcome method = this.client.kubernetes.ensureMethod(this.target, engine);
		this.client.kubernetes.ensureConfig(this.target, engine, K3S);
		Outcome role = this.client.kubernetes.ensureRole(this.target, engine, this.client.policies.esoRole());
		return List.of(mount, policies.created().isEmpty() ? Outcome.UNCHANGED : Outcome.CREATED, method, role);
	}

}
