package org.homelab.rollout.matrix;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.homelab.rollout.argocd.ArgoCdClients;
import org.homelab.rollout.argocd.ArgoCdPasswordSource;
import org.homelab.rollout.backup.BackupInventory;
import org.homelab.rollout.gitlab.GitlabOperations;
import org.homelab.rollout.inventory.AccessSources;
import org.homelab.rollout.inventory.Inventory;
import org.homelab.rollout.inventory.K3sCluster;
import org.homelab.rollout.monitoring.GrafanaViewerToken;
import org.homelab.rollout.monitoring.MonitoringOperations;
import org.homelab.rollout.monitoring.ScrapePlans;
import org.homelab.rollout.proxmox.GuestFiles;
import org.homelab.rollout.proxmox.ProxmoxOperations;
import org.homelab.rollout.proxmox.VmSummary;
import org.homelab.rollout.vault.EngineSecrets;
import org.homelab.rollout.vault.GeneratedSecrets;
import org.homelab.rollout.vault.SecretReference;
import org.homelab.rollout.vault.SecretWriter;
import org.homelab.rollout.vault.VaultProperties;
import org.homelab.rollout.vault.VaultTargets;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The plan's matrix and what follows from it for this inventory. */
@Configuration(proxyBeanMethods = false)
public class MatrixConfiguration {

	/** Ansible's log on the ansible VM: deploy/ansible/ansible.cfg's {@code log_path}. */
	static final String ANSIBLE_LOG = "/var/log/ansible/ansible.log";

	@Bean
	IntegrationMatrix integrationMatrix() {
		return IntegrationMatrix.PLAN;
	}

	@Bean
	MatrixCheck matrixCheck(IntegrationMatrix matrix) {
		return new MatrixCheck(matrix);
	}

	@Bean
	MatrixObservation matrixObservation(MonitoringOperations monitoring, ScrapePlans plans, GrafanaViewerToken viewer,
			VaultTargets vaults, GeneratedSecrets secrets, SecretWriter writer, Phase3Looks phase3,
			ProxmoxOperations proxmox, Inventory inventory, BackupInventory backup) {
		// the engine's Vault as the processes default to it; only a secret's metadata is
		// read
		return new MatrixObservation(monitoring, plans, viewer,
				path -> writer.exists(vaults.target(null, null), secrets.reference(service(path), name(path))), phase3,
				new Phase4Looks(proxmox, inventory.proxmox().nodes(), backup.storage()));
	}

	/**
	 * Phase 3's looks: Argo CD logging in as its admin with the password read from Vault
	 * at each login (never kept), GitLab's client when the engine has one, the ansible VM
	 * by its name on the inventory's Proxmox nodes.
	 */
	@Bean
	Phase3Looks phase3Looks(ArgoCdClients argocd, ObjectProvider<GitlabOperations> gitlab, ProxmoxOperations proxmox,
			Inventory inventory, VaultTargets vaults, VaultProperties vault, EngineSecrets secrets,
			@Value("${rollout.gitlab.group:homelab}") String group,
			@Value("${rollout.ansible.project:homelab/ansible}") String ansibleProject,
			@Value("${rollout.ansible.clone-path:/srv/ansible}") String clonePath) {
		ArgoCdPasswordSource password = () -> secrets.read(vaults.target(null, null),
				new SecretReference(vault.kvMount(), argocd.properties().passwordPath()), "password");
		String gitlabBase = "https://gitlab." + inventory.network().dnsDomain() + "/";
		Phase3Looks.Facts facts = new Phase3Looks.Facts(gitlabBase, gitlabBase + group + "/gitops.git",
				Map.of(Service.ARGOCD, group + "/gitops", Service.ANSIBLE, ansibleProject), ansibleProject, clonePath,
				ANSIBLE_LOG,
				inventory.k3s().nodes().stream().map(K3sCluster.K3sNode::name).collect(Collectors.toSet()));
		return new Phase3Looks(url -> (url != null) ? argocd.operations(url, password) : argocd.operations(password),
				() -> Optional.ofNullable(gitlab.getIfAvailable()), () -> ansibleVm(proxmox, inventory), facts);
	}

	private static Optional<GuestFiles> ansibleVm(ProxmoxOperations proxmox, Inventory inventory) {
		for (String node : inventory.proxmox().nodes()) {
			for (VmSummary vm : proxmox.vms(node).list()) {
				if (!vm.template() && "ansible".equals(vm.name())) {
					return Optional.of(new GuestFiles(proxmox.agent(node), vm.vmid(), vm.name()));
				}
			}
		}
		return Optional.empty();
	}

	private static String service(String path) {
		return path.substring(0, path.indexOf('/'));
	}

	private static String name(String path) {
		return path.substring(path.indexOf('/') + 1);
	}

	@Bean
	VmFirewallUpdate vmFirewallUpdate(VmFirewallPlan plan) {
		return new VmFirewallUpdate(plan);
	}

	@Bean
	VmFirewallPlan vmFirewallPlan(IntegrationMatrix matrix, Inventory inventory, AccessSources access) {
		return new VmFirewallPlan(matrix, inventory, access);
	}

}
