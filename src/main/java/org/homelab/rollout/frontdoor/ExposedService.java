package org.homelab.rollout.frontdoor;

import java.util.List;

/**
 * A UI the rollout puts behind the front door: where it is served ({@code domain}), where
 * nginx passes requests ({@code upstreamHost:upstreamPort}, over TLS where the service
 * serves only HTTPS, like Proxmox Backup Server), whether it needs websocket upgrades,
 * the largest request body ({@code maxBodySize}, nginx's words; {@code 0} for a container
 * registry), the Authelia policy and groups, and its Homepage entry. Bad input is refused
 * here, naming the field, before any file is rendered or edited.
 */
public record ExposedService(String name, String domain, String upstreamHost, int upstreamPort, boolean upstreamTls,
		boolean websocket, String maxBodySize, AutheliaPolicy policy, List<String> groups, HomepageEntry homepage) {

	public ExposedService {
		FrontdoorInput.name("name", name);
		FrontdoorInput.domain("domain", domain);
		FrontdoorInput.domain("upstreamHost", upstreamHost);
		FrontdoorInput.port("upstreamPort", upstreamPort);
		FrontdoorInput.size("maxBodySize", maxBodySize);
		if (policy == null) {
			throw new IllegalArgumentException("policy is missing (one_factor, two_factor or bypass)");
		}
		groups = List.copyOf((groups != null) ? groups : List.of());
		for (int i = 0; i < groups.size(); i++) {
			FrontdoorInput.name("groups[" + i + "]", groups.get(i));
		}
		if (homepage == null) {
			throw new IllegalArgumentException("homepage is missing");
		}
	}

	/** {@code host:port}, as nginx's proxy_pass takes it. */
	public String upstream() {
		return this.upstreamHost + ":" + this.upstreamPort;
	}

	/** The service's address through the front door. */
	public String href() {
		return "https://" + this.domain + "/";
	}

}
