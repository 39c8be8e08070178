package org.homelab.rollout.vault.steps;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.inventory.Inventory;
import org.homelab.rollout.inventory.PlannedVm;
import org.homelab.rollout.proxmox.ProxmoxOperations;
import org.homelab.rollout.vault.IssuedTls;
import org.homelab.rollout.vault.VaultInstallBundle;
import org.homelab.rollout.vault.VaultSetupException;
import org.homelab.rollout.vault.VaultTarget;
import org.homelab.rollout.vault.VaultTlsIssuer;

import org.springframework.stereotype.Component;

/**
 * Issues Vault's TLS certificate for the VM's DNS name and address and writes it, its
 * key, vault.hcl and the unit into the VM through the guest agent: the key goes from
 * memory to the VM, never into a variable. Hands out the install script (no secret in it)
 * and the engine's Vault address and CA file; the model maps the VM in from find-vm and
 * the script on to run-script, so these steps know no other system's variables.
 */
@Component
class WriteVaultFilesDelegate implements JavaDelegate {

	static final String SCRIPT_NAME = "install-vault";

	private final StepTargets targets;

	private final VaultTlsIssuer issuer;

	private final ProxmoxOperations proxmox;

	private final Inventory inventory;

	WriteVaultFilesDelegate(StepTargets targets, VaultTlsIssuer issuer, ProxmoxOperations proxmox,
			Inventory inventory) {
		this.targets = targets;
		this.issuer = issuer;
		this.proxmox = proxmox;
		this.inventory = inventory;
	}

	@Override
	public void execute(DelegateExecution execution) {
		String vmName = (String) execution.getVariable(VaultVariables.VM_NAME);
		if (!Boolean.TRUE.equals(execution.getVariable(VaultVariables.VM_FOUND))) {
			throw new VaultSetupException("No VM named '" + vmName + "' in Proxmox: provision it first (provision-vm "
					+ "with vmName " + vmName + "), then retry.");
		}
		String node = (String) execution.getVariable(VaultVariables.VM_NODE);
		int vmid = (Integer) execution.getVariable(VaultVariables.VMID);
		VaultTarget target = this.targets.of(execution);
		String dnsName = vmName + "." + this.inventory.network().dnsDomain();
		IssuedTls tls = this.issuer.issue(dnsName, address(vmName), target.address().getHost());
		VaultInstallBundle bundle = VaultInstallBundle.of(dnsName, port(target), tls);
		for (VaultInstallBundle.StagedFile file : bundle.files()) {
			this.proxmox.agent(node).fileWrite(vmid, file.staged(), file.content());
		}
		execution.setVariable(VaultVariables.INSTALL_SCRIPT, bundle.script());
		execution.setVariable(VaultVariables.INSTALL_SCRIPT_NAME, SCRIPT_NAME);
		execution.setVariable(VaultVariables.ADDRESS, target.address().toString());
		execution.setVariable(VaultVariables.CA_FILE, tls.caFile().toString());
	}

	private InetAddress address(String vmName) {
		String planned = this.inventory.vm(vmName).map(PlannedVm::address).orElse(null);
		if (planned == null) {
			throw new VaultSetupException("The inventory plans no address for VM '" + vmName + "' (inventory.vms): "
					+ "Vault's certificate names it.");
		}
		try {
			return InetAddress.getByName(planned);
		}
		catch (UnknownHostException ex) {
			throw new VaultSetupException("inventory.vms[" + vmName + "].address '" + planned + "' is no address", ex);
		}
	}

	private static int port(VaultTarget target) {
		return (target.address().getPort() > 0) ? target.address().getPort() : 8200;
	}

}
