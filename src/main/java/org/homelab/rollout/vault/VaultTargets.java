package org.homelab.rollout.vault;

import org.homelab.rollout.inventory.Inventory;

import org.springframework.stereotype.Component;

/** The homelab's Vault when a process names none: {@code rollout.vault.address}, else {@code vault.<domain>:8200}. */
@Component
public class VaultTargets {

	private final VaultProperties properties;

	private final Inventory inventory;

	VaultTargets(VaultProperties properties, Inventory inventory) {
		this.properties = properties;
		this.inventory = inventory;
	}

	/** {@code address} and {@code caFile} as a process gives them; null or blank ones fall back to the defaults. */
	public VaultTarget target(String address, String caFile) {
		String chosenAddress = blank(address) ? defaultAddress() : address;
		String configuredCa = (this.properties.caFile() != null) ? this.properties.caFile().toString() : null;
		String chosenCa = blank(caFile) ? configuredCa : caFile;
		return VaultTarget.of(chosenAddress, chosenCa);
	}

	private String defaultAddress() {
		return blank(this.properties.address())
				? "https://vault." + this.inventory.network().dnsDomain() + ":8200"
				: this.properties.address();
	}

	private static boolean blank(String text) {
		return text == null || text.isBlank();
	}

}
