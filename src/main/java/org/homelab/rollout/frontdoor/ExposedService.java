package org.homelab.rollout.frontdoor;

import java.util.List;

/**
 * A UI the rollout puts behind the front door: where it is served ({@code domain}), where
 * nginx passes requests ({@code upstreamHost:upstreamPort}, over TLS where the service
 * serves only HTTPS, like Proxmox Backup Server), whether it needs websocket upgrades,
 * the largest request body ({@code maxBodySize}, nginx's words; {@code 0} for a container
 * registry), the Authelia policy and groups, its Homepage entry, the paths Authelia lets
 * through without a session ({@code bypassResources}, Authelia {@code resources} regexes:
 * a service with a login of its own whose API and Git clients cannot follow a portal),
 * and where the engine asks whether the front door serves it ({@code probePath}). Bad
 * input is refused here, naming the field, before any file is rendered or edited.
 */
public record ExposedService(String name, String domain, String upstreamHost, int upstreamPort, boolean upstreamTls,
		boolean websocket, String maxBodySize, AutheliaPolicy policy, List<String> groups, HomepageEntry homepage,
		List<String> bypassResources, String probePath) {

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
		bypassResources = List.copyOf((bypassResources != null) ? bypassResources : List.of());
		for (int i = 0; i < bypassResources.size(); i++) {
			FrontdoorInput.resource("bypassResources[" + i + "]", bypassResources.get(i));
		}
		if (!policy.guarded() && !bypassResources.isEmpty()) {
			throw new IllegalArgumentException(
					"bypassResources refused: the service's policy is bypass already, for every path");
		}
		FrontdoorInput.path("probePath", probePath);
	}

	/** A service Authelia guards on every path, asked at {@code /}. */
	public ExposedService(String name, String domain, String upstreamHost, int upstreamPort, boolean upstreamTls,
			boolean websocket, String maxBodySize, AutheliaPolicy policy, List<String> groups, HomepageEntry homepage) {
		this(name, domain, upstreamHost, upstreamPort, upstreamTls, websocket, maxBodySize, policy, groups, homepage,
				List.of(), "/");
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
