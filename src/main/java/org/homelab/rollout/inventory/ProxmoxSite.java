package org.homelab.rollout.inventory;

import java.net.URI;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * The Proxmox VE endpoint and where VMs go. The API token secret is read from
 * {@code tokenSecretFile} or the environment variable named by {@code tokenSecretEnv};
 * TLS is verified against {@code caFile} or pinned to {@code fingerprint} (SHA-256,
 * colon-separated hex as the Proxmox GUI shows it).
 */
public record ProxmoxSite(@NotNull URI url, @NotEmpty List<@Pattern(regexp = NODE_NAME) String> nodes,
		@NotBlank @Pattern(regexp = "[^@!\\s]+@[^@!\\s]+![A-Za-z0-9_.-]+",
				message = "must look like USER@REALM!TOKENID") String tokenId,
		String tokenSecretFile, @NotBlank String tokenSecretEnv, String caFile,
		@Pattern(regexp = "([0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}",
				message = "must be a SHA-256 fingerprint, 32 colon-separated hex bytes") String fingerprint,
		@Valid @NotNull Template template, @NotBlank @Pattern(regexp = STORAGE_ID) String storage,
		@NotBlank @Pattern(regexp = STORAGE_ID) String backupStorage,
		@NotBlank @Pattern(regexp = "vmbr\\d+", message = "must name a Linux bridge such as vmbr0") String bridge) {

	static final String NODE_NAME = "[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?";

	static final String STORAGE_ID = "[a-z][a-z0-9\\-_.]*[a-z0-9]";

	/** The cloud-init template every planned VM is cloned from. */
	public record Template(@Min(100) @Max(999_999_999) int vmid, @NotBlank String name) {
	}

}
