package org.homelab.rollout.vault;

import java.nio.file.Files;
import java.nio.file.Path;

import org.homelab.rollout.inventory.Inventory;

import org.springframework.stereotype.Component;

/**
 * The homelab's Vault when a process names none: {@code rollout.vault.address}, else
 * {@code vault.<domain>:8200}, with the CA the engine trusts for it.
 */
@Component
public class VaultTargets {

	private final VaultProperties properties;

	private final Inventory inventory;

	VaultTargets(VaultProperties properties, Inventory inventory) {
		this.properties = properties;
		this.inventory = inventory;
	}

	/**
	 * {@code address} and {@code caFile} as a process gives them; null or blank ones fall
	 * back to the defaults.
	 */
	public VaultTarget target(String address, String caFile) {
		String chosenAddress = blank(address) ? defaultAddress() : address;
		String chosenCa = blank(caFile) ? defaultCa() : caFile;
		return VaultTarget.of(chosenAddress, chosenCa);
	}

	/**
	 * {@code rollout.vault.ca-file}; else the CA that issues Vault's certificate at
	 * install (the homelab CA, or the engine's own once created); else none, which means
	 * the JVM's trust store.
	 */
	private String defaultCa() {
		if (this.properties.caFile() != null && !this.properties.caFile().toString().isBlank()) {
			return this.properties.caFile().toString();
		}
		if (this.properties.homelabCaCert() != null && !this.properties.homelabCaCert().toString().isBlank()) {
			return this.properties.homelabCaCert().toString();
		}
		Path own = this.properties.stateDir().resolve(VaultTlsIssuer.CA_CERT);
		return Files.isRegularFile(own) ? own.toString() : null;
	}

	private String defaultAddress() {
		return blank(this.properties.address()) ? "https://vault." + this.inventory.network().dnsDomain() + ":8200"
				: this.properties.address();
	}

	private static boolean blank(String text) {
		return text == null || text.isBlank();
	}

}
