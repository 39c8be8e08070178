package org.homelab.rollout.matrix;

/**
 * The services of the plan's matrix, in its order, with the phase that brings each, where
 * it runs (the plan's VM resource table, Grafana on the frontend server, the K3s
 * workloads) and the ports it serves.
 */
public enum Service {

	PROMETHEUS("Prometheus", "prometheus", 1, Placement.vm("prometheus"), new Endpoints(9090, 9090, 9090)),

	GRAFANA("Grafana", "grafana", 1, Placement.FRONTEND, new Endpoints(3000, 3000, 3000)),

	VAULT("Vault", "vault", 1, Placement.vm("vault"), new Endpoints(8200, 8200, 8200)),

	GITLAB_CE("GitLab CE", "gitlab-ce", 2, Placement.vm("gitlab-ce"), new Endpoints(80, 80, 9168)),

	GITLAB_RUNNER("GitLab Runner", "gitlab-runner", 2, Placement.K3S, new Endpoints(0, 0, 9252)),

	ARGOCD("ArgoCD", "argocd", 3, Placement.K3S, new Endpoints(8080, 8080, 8082)),

	ANSIBLE("Ansible", "ansible", 3, Placement.vm("ansible"), new Endpoints(0, 0, 0)),

	// metrics: the PBS exporter beside it (docs/backup-monitoring.md)
	PROXMOX_BACKUP("Proxmox Backup", "proxmox-backup", 4, Placement.vm("proxmox-backup"),
			new Endpoints(8007, 8007, 10019));

	private final String planName;

	private final String id;

	private final int phase;

	private final Placement placement;

	private final Endpoints endpoints;

	Service(String planName, String id, int phase, Placement placement, Endpoints endpoints) {
		this.planName = planName;
		this.id = id;
		this.phase = phase;
		this.placement = placement;
		this.endpoints = endpoints;
	}

	/** The name the plan's table uses, e.g. {@code GitLab CE}. */
	public String planName() {
		return this.planName;
	}

	/** Lower-case, usable in a firewall mark: {@code homelab-rollout: <id> <what>}. */
	public String id() {
		return this.id;
	}

	/** The plan's phase that brings this service. */
	public int phase() {
		return this.phase;
	}

	public Placement placement() {
		return this.placement;
	}

	public Endpoints endpoints() {
		return this.endpoints;
	}

	/** The service the plan's table calls {@code planName}, if any. */
	public static java.util.Optional<Service> byPlanName(String planName) {
		for (Service service : values()) {
			if (service.planName.equals(planName)) {
				return java.util.Optional.of(service);
			}
		}
		return java.util.Optional.empty();
	}

}
