package org.homelab.rollout.frontdoor.steps;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.homelab.rollout.frontdoor.FrontdoorProperties;
import org.homelab.rollout.proxmox.GuestFiles;
import org.homelab.rollout.proxmox.ProxmoxOperations;

import org.springframework.stereotype.Component;

/**
 * The frontend server's files, through the guest agent of the VM findVmDelegate found
 * ({@code vmid}, {@code proxmoxNode}).
 */
@Component
class FrontendFiles {

	static final String FAILED = "FRONTDOOR_FAILED";

	private final ProxmoxOperations proxmox;

	private final FrontdoorProperties frontdoor;

	FrontendFiles(ProxmoxOperations proxmox, FrontdoorProperties frontdoor) {
		this.proxmox = proxmox;
		this.frontdoor = frontdoor;
	}

	GuestFiles of(DelegateExecution execution) {
		Object vmid = execution.getVariable("vmid");
		Object node = execution.getVariable("proxmoxNode");
		if (vmid == null || node == null) {
			throw new BpmnError(FAILED, "No frontend server VM named " + execution.getVariable("vmName")
					+ " on Proxmox: name the right VM (inventory.frontend.vm-name), then retry.");
		}
		return new GuestFiles(this.proxmox.agent(node.toString()), (Integer) vmid,
				String.valueOf(execution.getVariable("vmName")));
	}

	/** Authelia's configuration.yml on the frontend. */
	String authelia(GuestFiles files) {
		return required(files, this.frontdoor.autheliaConfiguration(), "Authelia configuration",
				"inventory.frontdoor.authelia-configuration");
	}

	/** Homepage's services.yaml on the frontend. */
	String homepage(GuestFiles files) {
		return required(files, this.frontdoor.homepageServices(), "Homepage services.yaml",
				"inventory.frontdoor.homepage-services");
	}

	/** A file the front door cannot do without, else a message saying what to check. */
	private static String required(GuestFiles files, String path, String what, String property) {
		return files.read(path)
			.orElseThrow(() -> new IllegalStateException("The frontend server has no " + what + " at " + path + ": set "
					+ property + " to where it is, then retry."));
	}

}
