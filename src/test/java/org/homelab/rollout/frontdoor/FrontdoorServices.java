package org.homelab.rollout.frontdoor;

import java.util.List;

/**
 * The UIs the rollout puts behind the front door, as an inventory would describe them:
 * addresses are IPs, as nginx resolves host names when it loads (and so in
 * {@code nginx -t}).
 */
final class FrontdoorServices {

	static final ExposedService GRAFANA = new ExposedService("grafana", "grafana.home.example", "192.168.1.40", 3000,
			false, true, "10m", AutheliaPolicy.TWO_FACTOR, List.of("admins"),
			HomepageEntry.of("Monitoring", "grafana.png", "Dashboards")
				.withWidget("grafana", "http://192.168.1.40:3000"));

	static final ExposedService VAULT = new ExposedService("vault", "vault.home.example", "192.168.1.41", 8200, true,
			false, "1m", AutheliaPolicy.TWO_FACTOR, List.of("admins"),
			HomepageEntry.of("Security", "vault.png", "Secrets"));

	static final ExposedService GITLAB = new ExposedService("gitlab", "gitlab.home.example", "192.168.1.42", 80, false,
			true, "250m", AutheliaPolicy.BYPASS, List.of(),
			HomepageEntry.of("Development", "gitlab.png", "Git and CI").withWidget("gitlab", "http://192.168.1.42"));

	/**
	 * GitLab as the front door puts it: its own login behind Authelia's, but its API and
	 * Git over HTTPS let through for clients with tokens.
	 */
	static final ExposedService GITLAB_WITH_BYPASS = new ExposedService("gitlab", "gitlab.home.example", "192.168.1.42",
			80, false, true, "512m", AutheliaPolicy.ONE_FACTOR, List.of("admins"),
			HomepageEntry.of("Development", "gitlab.png", "Git and CI"),
			FrontdoorProperties.DEFAULT_BYPASS_PATHS.get("gitlab"), "/");

	/** Docker clients cannot follow Authelia's portal, and layers are large: no limit. */
	static final ExposedService REGISTRY = new ExposedService("gitlab-registry", "registry.home.example",
			"192.168.1.42", 5050, false, false, "0", AutheliaPolicy.BYPASS, List.of(),
			HomepageEntry.of("Development", "docker.png", "Container registry"));

	static final ExposedService ARGOCD = new ExposedService("argocd", "argocd.home.example", "192.168.1.50", 30443,
			true, true, "1m", AutheliaPolicy.TWO_FACTOR, List.of("admins", "developers"),
			HomepageEntry.of("Development", "argo-cd.png", "GitOps")
				.withWidget("argocd", "https://192.168.1.50:30443"));

	static final ExposedService BACKUP = new ExposedService("proxmox-backup", "backup.home.example", "192.168.1.60",
			8007, true, true, "1m", AutheliaPolicy.TWO_FACTOR, List.of("admins"),
			HomepageEntry.of("Infrastructure", "proxmox-backup-server.png", "Backups"));

	static final List<ExposedService> ALL = List.of(GRAFANA, VAULT, GITLAB, REGISTRY, ARGOCD, BACKUP);

	private FrontdoorServices() {
	}

}
