package org.homelab.rollout.frontdoor.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.frontdoor.ExposedService;
import org.homelab.rollout.frontdoor.ExposedServices;
import org.homelab.rollout.frontdoor.FrontdoorChange;
import org.homelab.rollout.frontdoor.FrontdoorFiles;
import org.homelab.rollout.frontdoor.FrontdoorScript;
import org.homelab.rollout.proxmox.GuestFiles;

import org.springframework.stereotype.Component;

/**
 * Stages the undo of an exposure: only what it added ({@code frontdoorSiteAdded},
 * {@code frontdoorRuleAdded}, {@code frontdoorEntryAdded}) is taken out, so the files
 * come back byte for byte; the same apply script checks and reloads. The certificate
 * stays: it is harmless, and the next exposure reuses it.
 */
@Component
class StageRemovalDelegate implements JavaDelegate {

	private final FrontendFiles frontend;

	private final ExposedServices services;

	private final FrontdoorFiles files;

	private final FrontdoorScript script;

	StageRemovalDelegate(FrontendFiles frontend, ExposedServices services, FrontdoorFiles files,
			FrontdoorScript script) {
		this.frontend = frontend;
		this.services = services;
		this.files = files;
		this.script = script;
	}

	@Override
	public void execute(DelegateExecution execution) {
		ExposedService service = this.services.of((String) execution.getVariable(FrontdoorVariables.SERVICE));
		GuestFiles guest = this.frontend.of(execution);
		String authelia = this.frontend.authelia(guest);
		String homepage = this.frontend.homepage(guest);
		FrontdoorChange change = FrontdoorChange.unexpose(service, this.files,
				added(execution, FrontdoorVariables.SITE_ADDED), added(execution, FrontdoorVariables.RULE_ADDED),
				added(execution, FrontdoorVariables.ENTRY_ADDED), authelia, homepage);
		guest.write(this.script.staged(service, change));
		execution.setVariable(FrontdoorVariables.SCRIPT, this.script.script("unexpose", service, change, null));
	}

	private static boolean added(DelegateExecution execution, String variable) {
		return Boolean.TRUE.equals(execution.getVariable(variable));
	}

}
