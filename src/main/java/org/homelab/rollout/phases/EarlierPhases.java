package org.homelab.rollout.phases;

import java.net.HttpURLConnection;
import java.nio.file.Files;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.homelab.rollout.argocd.ArgoCdClients;
import org.homelab.rollout.backup.BackupInventory;
import org.homelab.rollout.gitlab.steps.GitlabConnections;
import org.homelab.rollout.inventory.Inventory;
import org.homelab.rollout.kubernetes.ClusterConnection;
import org.homelab.rollout.proxmox.ProxmoxException;
import org.homelab.rollout.proxmox.ProxmoxOperations;
import org.homelab.rollout.proxmox.StorageStatus;
import org.homelab.rollout.vault.VaultProperties;
import org.homelab.rollout.vault.VaultSeal;
import org.homelab.rollout.vault.VaultSetupException;
import org.homelab.rollout.vault.VaultTarget;
import org.homelab.rollout.vault.VaultTargets;

import org.springframework.stereotype.Component;

/**
 * What a phase's start looks at of the phases before it, before anything is created: one
 * look each, naming what is missing and what to run. Phase 1's Vault (Phases 2 onwards
 * keep every credential there) and Phase 2's GitLab (Phase 3 commits to it and reads from
 * it).
 */
@Component
class EarlierPhases {

	private static final int NOT_INITIALISED = 501;

	/** Phase 3's app-of-apps (GitopsLayout). */
	static final String ROOT_APPLICATION = "root";

	private final VaultTargets targets;

	private final VaultSeal seal;

	private final VaultProperties vault;

	private final GitlabConnections gitlab;

	private final ClusterConnection cluster;

	private final ArgoCdClients argocd;

	private final ProxmoxOperations proxmox;

	private final BackupInventory backup;

	private final Inventory inventory;

	EarlierPhases(VaultTargets targets, VaultSeal seal, VaultProperties vault, GitlabConnections gitlab,
			ClusterConnection cluster, ArgoCdClients argocd, ProxmoxOperations proxmox, BackupInventory backup,
			Inventory inventory) {
		this.targets = targets;
		this.seal = seal;
		this.vault = vault;
		this.gitlab = gitlab;
		this.cluster = cluster;
		this.argocd = argocd;
		this.proxmox = proxmox;
		this.backup = backup;
		this.inventory = inventory;
	}

	/**
	 * Phase 4's backups: Proxmox VE's PBS storage entry, active on the node the planned
	 * VMs go to.
	 */
	Optional<String> backupsMissing(String phase) {
		String node = this.inventory.proxmox().nodes().get(0);
		try {
			if (this.proxmox.storage().find(this.backup.storage()).isEmpty()) {
				return Optional.of("Phase 4's backups are missing: Proxmox VE has no storage '" + this.backup.storage()
						+ "'. Run phase-4-backup; " + phase + " needs it");
			}
			StorageStatus status = this.proxmox.storage().status(node, this.backup.storage());
			return status.active() ? Optional.empty()
					: Optional.of("Phase 4's storage '" + this.backup.storage() + "' is not active on " + node
							+ ": is the Proxmox Backup Server VM running? " + phase + " needs it");
		}
		catch (ProxmoxException ex) {
			return Optional.of("Proxmox VE cannot be asked about Phase 4's backups: " + ex.getMessage());
		}
	}

	/**
	 * Phase 3's Argo CD managing the app-of-apps: its {@code root} Application, read from
	 * K3s's API (no Argo CD login needed), Synced and Healthy.
	 */
	Optional<String> argocdNotManaging(String phase) {
		String namespace = this.argocd.properties().namespace();
		GenericKubernetesResource root;
		try {
			root = this.cluster.client()
				.genericKubernetesResources("argoproj.io/v1alpha1", "Application")
				.inNamespace(namespace)
				.withName(ROOT_APPLICATION)
				.get();
		}
		catch (KubernetesClientException ex) {
			root = null;
			if (ex.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
				return Optional.of("Phase 3's Argo CD cannot be asked through K3s's API: " + ex.getMessage());
			}
		}
		if (root == null) {
			return Optional.of("Phase 3's Argo CD manages nothing: no Application '" + ROOT_APPLICATION + "' in "
					+ namespace + ". Run phase-3-gitops first; " + phase + " runs after every other service is stable");
		}
		Object status = root.getAdditionalProperties().get("status");
		String sync = path(status, "sync", "status");
		String health = path(status, "health", "status");
		if (!"Synced".equals(sync) || !"Healthy".equals(health)) {
			return Optional.of("Phase 3's app-of-apps is " + sync + "/" + health + ", not Synced/Healthy: let Argo CD "
					+ "settle (or run phase-3-gitops again, which repairs it); " + phase
					+ " runs after every other service is stable");
		}
		return Optional.empty();
	}

	private static String path(Object node, String... keys) {
		Object at = node;
		for (String key : keys) {
			at = (at instanceof Map<?, ?> map) ? map.get(key) : null;
		}
		return (at != null) ? at.toString() : "unknown";
	}

	/**
	 * sys/health of the homelab's Vault, and the engine's token file. A sealed Vault is
	 * no problem: the phase's first step unseals it as Phase 1 does.
	 */
	Optional<String> vaultMissing(String phase) {
		VaultTarget target = this.targets.target(null, null);
		if (!Files.isRegularFile(this.vault.engineTokenFile())) {
			return Optional
				.of("Phase 1's Vault is missing: the engine holds no Vault token (" + this.vault.engineTokenFile()
						+ "). Run phase-1-foundation first; " + phase + " keeps every credential in that Vault");
		}
		Optional<Integer> health;
		try {
			health = this.seal.listening(target);
		}
		catch (VaultSetupException ex) {
			return Optional.of("Phase 1's Vault at " + target + " cannot be used: " + ex.getMessage());
		}
		if (health.isEmpty()) {
			return Optional.of("no Vault answers at " + target + ": start the Vault VM (Phase 1 installed it there), "
					+ "or run phase-1-foundation if it never ran");
		}
		if (health.get() == NOT_INITIALISED) {
			return Optional.of("the Vault at " + target + " is not initialised: run phase-1-foundation first");
		}
		return Optional.empty();
	}

	/** GitLab's {@code /-/readiness?all=1} at the address the steps use. */
	Optional<String> gitlabNotReady(String phase) {
		String url;
		try {
			url = this.gitlab.defaultUrl();
		}
		catch (IllegalStateException ex) {
			return Optional.of("Phase 2's GitLab cannot be found: " + ex.getMessage());
		}
		GitlabConnections.Page readiness = this.gitlab.readiness(url);
		if (!readiness.ok()) {
			return Optional.of("Phase 2's GitLab at " + url + " is not ready (" + readiness.detail()
					+ "): run phase-2-cicd first, or wait until GitLab's /-/readiness?all=1 says ok; " + phase
					+ " commits to it and reads from it");
		}
		return Optional.empty();
	}

}
