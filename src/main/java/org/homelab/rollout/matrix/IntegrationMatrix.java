package org.homelab.rollout.matrix;

import java.util.List;

import static org.homelab.rollout.matrix.Service.ANSIBLE;
import static org.homelab.rollout.matrix.Service.ARGOCD;
import static org.homelab.rollout.matrix.Service.GITLAB_CE;
import static org.homelab.rollout.matrix.Service.GITLAB_RUNNER;
import static org.homelab.rollout.matrix.Service.GRAFANA;
import static org.homelab.rollout.matrix.Service.PROMETHEUS;
import static org.homelab.rollout.matrix.Service.PROXMOX_BACKUP;
import static org.homelab.rollout.matrix.Service.VAULT;

/**
 * The plan's Service Integration Matrix: every ✅ cell, row by row as the plan lists them.
 * IntegrationMatrixPlanTests reads the plan's table and fails when this disagrees.
 */
public final class IntegrationMatrix {

	/** The plan's matrix. */
	public static final IntegrationMatrix PLAN = new IntegrationMatrix(List.of(
			// Prometheus row
			new Cell(PROMETHEUS, GRAFANA),
			// Grafana row
			new Cell(GRAFANA, PROMETHEUS),
			// Vault row
			new Cell(VAULT, PROMETHEUS), new Cell(VAULT, GRAFANA),
			// GitLab CE row
			new Cell(GITLAB_CE, PROMETHEUS), new Cell(GITLAB_CE, GRAFANA), new Cell(GITLAB_CE, VAULT),
			// GitLab Runner row
			new Cell(GITLAB_RUNNER, PROMETHEUS), new Cell(GITLAB_RUNNER, GRAFANA), new Cell(GITLAB_RUNNER, VAULT),
			new Cell(GITLAB_RUNNER, GITLAB_CE),
			// ArgoCD row
			new Cell(ARGOCD, PROMETHEUS), new Cell(ARGOCD, GRAFANA), new Cell(ARGOCD, VAULT),
			new Cell(ARGOCD, GITLAB_CE), new Cell(ARGOCD, GITLAB_RUNNER),
			// Ansible row
			new Cell(ANSIBLE, PROMETHEUS), new Cell(ANSIBLE, GRAFANA), new Cell(ANSIBLE, VAULT),
			new Cell(ANSIBLE, GITLAB_CE), new Cell(ANSIBLE, GITLAB_RUNNER), new Cell(ANSIBLE, ARGOCD),
			// Proxmox Backup row
			new Cell(PROXMOX_BACKUP, PROMETHEUS), new Cell(PROXMOX_BACKUP, GRAFANA), new Cell(PROXMOX_BACKUP, VAULT),
			new Cell(PROXMOX_BACKUP, GITLAB_CE), new Cell(PROXMOX_BACKUP, GITLAB_RUNNER),
			new Cell(PROXMOX_BACKUP, ARGOCD), new Cell(PROXMOX_BACKUP, ANSIBLE)));

	private final List<Cell> cells;

	IntegrationMatrix(List<Cell> cells) {
		this.cells = List.copyOf(cells);
	}

	/** Every ✅ cell. */
	public List<Cell> cells() {
		return this.cells;
	}

	/** Whether the row's service integrates with the column's. */
	public boolean integrates(Service service, Service with) {
		return this.cells.contains(new Cell(service, with));
	}

	/** The cells the phases up to {@code phase} make real. */
	public List<Cell> realBy(int phase) {
		return this.cells.stream().filter(cell -> cell.phase() <= phase).toList();
	}

	/** The services the phases up to {@code phase} bring. */
	public List<Service> servicesBy(int phase) {
		return java.util.Arrays.stream(Service.values()).filter(service -> service.phase() <= phase).toList();
	}

}
