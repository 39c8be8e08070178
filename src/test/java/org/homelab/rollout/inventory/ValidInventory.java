package org.homelab.rollout.inventory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A complete, valid inventory of the plan's homelab as flat properties, for tests to
 * break one at a time.
 */
final class ValidInventory {

	private ValidInventory() {
	}

	static Map<String, String> properties() {
		Map<String, String> p = new LinkedHashMap<>();
		p.put("inventory.proxmox.url", "https://pve.homelab.lan:8006/api2/json");
		p.put("inventory.proxmox.nodes[0]", "pve");
		p.put("inventory.proxmox.token-id", "rollout@pve!engine");
		p.put("inventory.proxmox.token-secret-env", "PROXMOX_TOKEN_SECRET");
		p.put("inventory.proxmox.fingerprint", String.join(":", java.util.Collections.nCopies(32, "AB")));
		p.put("inventory.proxmox.template.vmid", "9000");
		p.put("inventory.proxmox.template.name", "debian-12-cloudinit");
		p.put("inventory.proxmox.storage", "local-lvm");
		p.put("inventory.proxmox.backup-storage", "local");
		p.put("inventory.proxmox.bridge", "vmbr0");
		p.put("inventory.network.mode", "static");
		p.put("inventory.network.cidr", "192.168.1.0/24");
		p.put("inventory.network.gateway", "192.168.1.1");
		p.put("inventory.network.dns-domain", "homelab.lan");
		p.put("inventory.network.nameservers[0]", "192.168.1.1");
		p.put("inventory.k3s.kubeconfig", "/etc/rancher/k3s/k3s.yaml");
		String[][] nodes = { { "k3s-cp-1", "control-plane", "false" }, { "k3s-w-1", "worker", "true" },
				{ "k3s-w-2", "worker", "false" } };
		for (int i = 0; i < nodes.length; i++) {
			p.put("inventory.k3s.nodes[" + i + "].name", nodes[i][0]);
			p.put("inventory.k3s.nodes[" + i + "].role", nodes[i][1]);
			p.put("inventory.k3s.nodes[" + i + "].gpu", nodes[i][2]);
		}
		p.put("inventory.k3s.placement.argocd", "k3s-cp-1");
		p.put("inventory.k3s.placement.runner-gpu", "k3s-w-1");
		p.put("inventory.k3s.placement.runner-general", "k3s-w-2");
		p.put("inventory.frontend.host", "frontend.homelab.lan");
		p.put("inventory.frontend.address", "192.168.1.10");
		p.put("inventory.access.engine-address", "192.168.1.5");
		p.put("inventory.access.k3s-nodes[0]", "192.168.1.30");
		String[][] vms = { { "prometheus", "2", "4096", "50" }, { "vault", "4", "8192", "50" },
				{ "gitlab-ce", "4", "8192", "100" }, { "ansible", "2", "4096", "50" },
				{ "proxmox-backup", "2", "4096", "100" } };
		for (int i = 0; i < vms.length; i++) {
			p.put("inventory.vms[" + i + "].name", vms[i][0]);
			p.put("inventory.vms[" + i + "].cores", vms[i][1]);
			p.put("inventory.vms[" + i + "].memory-mb", vms[i][2]);
			p.put("inventory.vms[" + i + "].disk-gb", vms[i][3]);
			p.put("inventory.vms[" + i + "].address", "192.168.1." + (21 + i));
		}
		return p;
	}

}
