package org.homelab.rollout.rehearsal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The lab starts beside the engine: what the inventory takes from it is known by name
 * before it is up, only reading a value waits for it, and a lab that fails to start fails
 * the start-up with its own cause.
 */
class EmbeddedLabRunListenerTests {

	@Test
	void theLabsPropertiesAreKnownByNameBeforeItIsUpAndOthersAreNotItsBusiness() {
		var inventory = new EmbeddedLabRunListener.LabInventory(new CompletableFuture<>());

		assertThat(inventory.getPropertyNames()).contains("inventory.proxmox.url", "inventory.proxmox.fingerprint",
				"inventory.k3s.kubeconfig-content");
		assertThat(inventory.containsProperty("inventory.proxmox.url")).isTrue();
		assertThat(inventory.getProperty("server.port")).isNull();
	}

	@Test
	void readingOneWaitsForTheLab() throws Exception {
		CompletableFuture<RehearsalLab> lab = new CompletableFuture<>();
		var inventory = new EmbeddedLabRunListener.LabInventory(lab);

		CompletableFuture<Object> read = CompletableFuture
			.supplyAsync(() -> inventory.getProperty("inventory.proxmox.url"));

		assertThat(read).failsWithin(300, TimeUnit.MILLISECONDS);
		lab.completeExceptionally(new IllegalStateException("the test is over"));
		assertThat(read).failsWithin(5, TimeUnit.SECONDS);
	}

	@Test
	void aLabThatDidNotStartFailsTheStartUpWithItsCause() {
		CompletableFuture<RehearsalLab> lab = new CompletableFuture<>();
		lab.completeExceptionally(new IllegalStateException("cannot start the Proxmox lab on port 8006"));
		var inventory = new EmbeddedLabRunListener.LabInventory(lab);

		assertThatIllegalStateException().isThrownBy(() -> inventory.getProperty("inventory.proxmox.url"))
			.withMessage("cannot start the Proxmox lab on port 8006");
		assertThatIllegalStateException().isThrownBy(() -> EmbeddedLabRunListener.await(lab))
			.withMessage("cannot start the Proxmox lab on port 8006");
	}

}
