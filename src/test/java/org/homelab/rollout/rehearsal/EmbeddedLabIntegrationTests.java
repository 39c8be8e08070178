package org.homelab.rollout.rehearsal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.homelab.rollout.inventory.Inventory;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rehearsal lab is the embedded default, and the inventory points at it as it would
 * at a real homelab.
 */
// the same context as the engine's web tests, so the suite starts one lab fewer
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({ "rehearsal", "test" })
@AutoConfigureObservability(tracing = false)
class EmbeddedLabIntegrationTests {

	@Autowired
	Inventory inventory;

	@Autowired
	RehearsalLab lab;

	@Test
	void inventoryPointsAtTheLabsProxmoxWithItsFingerprint() {
		assertThat(this.inventory.proxmox().url()).hasToString(this.lab.proxmox().url());
		assertThat(this.inventory.proxmox().fingerprint()).isEqualTo(this.lab.proxmox().fingerprintSha256());
	}

	@Test
	void tokenSecretIsInAFileOnlyTheEngineUserCanRead() throws Exception {
		Path file = Path.of(this.inventory.proxmox().tokenSecretFile());
		assertThat(Files.getPosixFilePermissions(file))
			.isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
		assertThat(this.lab.proxmox().apiTokenHeader()).endsWith("=" + Files.readString(file).trim());
	}

	@Test
	void kubeconfigReachesTheLabsK3sWithThePlansNodes() {
		Config config = Config.fromKubeconfig(this.inventory.k3s().kubeconfigContent());
		try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
			assertThat(client.nodes().list().getItems()).extracting(node -> node.getMetadata().getName())
				.containsExactlyInAnyOrder("k3s-cp-1", "k3s-w-1", "k3s-w-2");
		}
	}

}
