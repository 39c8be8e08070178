package org.homelab.rollout.vault;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.Latency;
import org.homelab.rollout.rehearsal.RequestJournal;
import org.homelab.rollout.rehearsal.kubernetes.KubernetesLab;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The ESO manifests pass the published CRD schemas (the rehearsal K3s validates them) and point at Vault's paths. */
class EsoManifestsTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	@TempDir
	Path dir;

	private final RequestJournal journal = new RequestJournal();

	private KubernetesLab k3s;

	private KubernetesClient client;

	@BeforeEach
	void start() {
		this.k3s = new KubernetesLab(Latency.scaled(0), FaultInjector.none(), this.journal).start();
		this.client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(this.k3s.kubeconfig())).build();
	}

	@AfterEach
	void stop() {
		this.client.close();
		this.k3s.close();
	}

	@Test
	void storeBindingAndProofAreAcceptedByTheCrdsAndReadTheProofKeyTheEsoPolicyAllows() {
		ClientWiring wiring = ClientWiring.plain(this.dir);
		EsoManifests manifests = new EsoManifests(wiring.properties);
		VaultTarget vault = new VaultTarget(URI.create("https://vault.rehearsal.lan:8200"), null);
		SecretReference proof = wiring.generated.reference(EsoManifests.PROOF_SERVICE, EsoManifests.PROOF_NAME);

		this.client.namespaces()
			.resource(new NamespaceBuilder().withNewMetadata().withName("external-secrets").endMetadata().build())
			.create();
		for (Map<String, Object> manifest : List.of(manifests.clusterSecretStore(vault, "-----BEGIN CERTIFICATE-----"),
				manifests.tokenReviewBinding(), manifests.proofExternalSecret(proof))) {
			this.client.resource(JSON.convertValue(manifest, GenericKubernetesResource.class)).create();
		}

		assertThat(this.journal.violations()).isEmpty();
		assertThat(proof.path()).isEqualTo("services/external-secrets/proof");
		assertThat(wiring.policies.eso().hcl()).contains("path \"homelab/data/services/external-secrets/*\"");
		assertThat(this.client.genericKubernetesResources("external-secrets.io/v1", "ExternalSecret")
			.inNamespace("external-secrets")
			.withName("vault-proof")
			.get()).isNotNull();
	}

}
