package org.homelab.rollout.inventory;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * How planned VMs get their addresses: {@code STATIC} from each VM's {@code address}
 * within {@code cidr}, or {@code DHCP}. The gateway and name servers go into cloud-init;
 * {@code dnsDomain} names the VMs ({@code vault.homelab.lan}).
 */
public record NetworkPlan(@NotNull Mode mode, @NotBlank String cidr, @NotBlank String gateway,
		@NotBlank @Pattern(regexp = "([a-z0-9]([a-z0-9-]*[a-z0-9])?\\.)*[a-z0-9]([a-z0-9-]*[a-z0-9])?",
				message = "must be a DNS domain such as homelab.lan") String dnsDomain,
		@NotEmpty List<@NotBlank String> nameservers) {

	public enum Mode {

		STATIC, DHCP

	}

}
