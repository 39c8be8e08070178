package org.homelab.rollout.frontdoor;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import org.homelab.rollout.inventory.AccessSources;
import org.homelab.rollout.inventory.Inventory;
import org.homelab.rollout.inventory.PlannedVm;
import org.homelab.rollout.monitoring.MonitoringProperties;

/**
 * The UIs the rollout puts behind the front door, by name, with their upstreams from the
 * inventory: Grafana on the frontend server, Vault's UI on its VM (HTTPS only), GitLab
 * and its container registry on the GitLab VM, Proxmox Backup Server on its VM (HTTPS
 * only, 8007). Argo CD joins with Phase 3, once its service on K3s has an address. Every
 * UI is behind Authelia (the plan: "all services integrate with existing Authelia
 * setup"), two factors where the inventory asks; the registry alone bypasses it, because
 * {@code docker login} cannot follow a portal and the registry checks GitLab tokens
 * itself. GitLab, which has its own login, is let through on the paths
 * {@code inventory.frontdoor.bypass-paths} names (its API and Git over HTTPS by default),
 * which token-carrying clients use and which could not follow a portal either.
 */
public final class ExposedServices {

	/** The services the front door knows, as processes name them. */
	public static final List<String> NAMES = List.of("argocd", "grafana", "gitlab", "proxmox-backup", "registry",
			"vault");

	private final Map<String, ExposedService> services = new TreeMap<>();

	private final FrontdoorProperties frontdoor;

	/**
	 * The node port of Argo CD's server Service ({@code server.service.nodePortHttp} in
	 * deploy/helm-values/argocd.yaml): plain HTTP, TLS ends at the front door.
	 */
	static final int ARGOCD_NODE_PORT = 30080;

	public ExposedServices(Inventory inventory, FrontdoorProperties frontdoor, MonitoringProperties monitoring,
			AccessSources access) {
		this.frontdoor = frontdoor;
		String domain = domain(inventory, frontdoor);
		Function<String, String> vm = name -> inventory.vm(name)
			.map(PlannedVm::address)
			.filter(address -> address != null && !address.isBlank())
			.orElse(name + "." + inventory.network().dnsDomain());
		add("grafana", domain, inventory.frontend().address(), monitoring.grafanaPort(), false, true, "10m", "/",
				HomepageEntry.of("Monitoring", "grafana.png", "Dashboards of the homelab"));
		add("vault", domain, vm.apply("vault"), 8200, true, false, "10m", "/",
				HomepageEntry.of("Security", "vault.png", "Secrets of the homelab"));
		add("gitlab", domain, vm.apply("gitlab-ce"), 80, false, true, "512m", "/",
				HomepageEntry.of("Development", "gitlab.png", "Git, CI/CD and the container registry"));
		// its API lives under /v2/ only: there its 401 with a token challenge is the
		// registry answering
		add("registry", domain, vm.apply("gitlab-ce"), 5050, false, false, "0", "/v2/",
				HomepageEntry.of("Development", "docker.png", "Container registry of GitLab"));
		add("proxmox-backup", domain, vm.apply("proxmox-backup"), 8007, true, true, "10m", "/",
				HomepageEntry.of("Infrastructure", "proxmox.png", "Backups of every VM"));
		// a node port answers on every K3s node; the first the inventory names will do
		add("argocd", domain, access.k3sNodes().get(0), ARGOCD_NODE_PORT, false, true, "10m", "/",
				HomepageEntry.of("Development", "argo-cd.png", "GitOps: the cluster as homelab/gitops describes it"));
	}

	/** The front door's domain: the inventory's choice, else the network's DNS domain. */
	public static String domain(Inventory inventory, FrontdoorProperties frontdoor) {
		return (frontdoor.domain() != null && !frontdoor.domain().isBlank()) ? frontdoor.domain()
				: inventory.network().dnsDomain();
	}

	public List<String> names() {
		return List.copyOf(this.services.keySet());
	}

	/** The service of that name; refused (naming the known ones) when there is none. */
	public ExposedService of(String name) {
		ExposedService service = this.services.get(name);
		if (service == null) {
			throw new IllegalArgumentException(
					"service '" + name + "' refused: must be one of the front door's services " + names());
		}
		return service;
	}

	/** Where nginx finds the service's certificate, by the inventory's method. */
	public Certificate certificate(ExposedService service) {
		return switch (this.frontdoor.certificates()) {
			case CERTBOT -> Certificate.certbot(service.domain());
			case HOMELAB_CA ->
				Certificate.homelabCa(this.frontdoor.homelabCaCertificate().replace("{domain}", service.domain()),
						this.frontdoor.homelabCaKey().replace("{domain}", service.domain()));
		};
	}

	private void add(String name, String domain, String upstreamHost, int upstreamPort, boolean upstreamTls,
			boolean websocket, String maxBodySize, String probePath, HomepageEntry homepage) {
		AutheliaPolicy policy = name.equals("registry") ? AutheliaPolicy.BYPASS
				: this.frontdoor.twoFactor().contains(name) ? AutheliaPolicy.TWO_FACTOR : AutheliaPolicy.ONE_FACTOR;
		List<String> groups = (policy == AutheliaPolicy.BYPASS) ? List.of() : this.frontdoor.groups();
		List<String> bypass = policy.guarded() ? this.frontdoor.bypassPaths().getOrDefault(name, List.of()) : List.of();
		this.services.put(name, new ExposedService(name, name + "." + domain, upstreamHost, upstreamPort, upstreamTls,
				websocket, maxBodySize, policy, groups, homepage, bypass, probePath));
	}

}
