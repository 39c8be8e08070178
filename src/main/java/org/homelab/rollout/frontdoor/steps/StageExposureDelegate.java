package org.homelab.rollout.frontdoor.steps;

import java.util.Optional;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.frontdoor.Certificate;
import org.homelab.rollout.frontdoor.ExposedService;
import org.homelab.rollout.frontdoor.ExposedServices;
import org.homelab.rollout.frontdoor.FrontdoorChange;
import org.homelab.rollout.frontdoor.FrontdoorFiles;
import org.homelab.rollout.frontdoor.FrontdoorScript;
import org.homelab.rollout.proxmox.GuestFiles;

import org.springframework.stereotype.Component;

/**
 * Reads the front door's three files on the frontend, works out the service's site file,
 * Authelia rule and Homepage entry, and stages the changed files beside them (in root's
 * home) for the {@code apply} script, which checks before it reloads. Sets what the
 * exposure adds (all its undo may remove) and the script. Nothing of the files' contents
 * leaves this job.
 */
@Component
class StageExposureDelegate implements JavaDelegate {

	private final FrontendFiles frontend;

	private final ExposedServices services;

	private final FrontdoorFiles files;

	private final FrontdoorScript script;

	StageExposureDelegate(FrontendFiles frontend, ExposedServices services, FrontdoorFiles files,
			FrontdoorScript script) {
		this.frontend = frontend;
		this.services = services;
		this.files = files;
		this.script = script;
	}

	@Override
	public void execute(DelegateExecution execution) {
		ExposedService service = this.services.of((String) execution.getVariable(FrontdoorVariables.SERVICE));
		Certificate certificate = this.services.certificate(service);
		GuestFiles guest = this.frontend.of(execution);
		Optional<String> site = guest.read(this.script.site(service));
		String authelia = this.frontend.authelia(guest);
		String homepage = this.frontend.homepage(guest);
		FrontdoorChange change = FrontdoorChange.expose(service, certificate, this.files, site, authelia, homepage);
		guest.write(this.script.staged(service, change));
		execution.setVariable(FrontdoorVariables.SITE_ADDED, change.siteAdded());
		execution.setVariable(FrontdoorVariables.RULE_ADDED, change.ruleAdded());
		execution.setVariable(FrontdoorVariables.ENTRY_ADDED, change.entryAdded());
		execution.setVariable(FrontdoorVariables.SCRIPT, this.script.script("expose", service, change, certificate));
		execution.setVariable(FrontdoorVariables.URL, service.href());
	}

}
