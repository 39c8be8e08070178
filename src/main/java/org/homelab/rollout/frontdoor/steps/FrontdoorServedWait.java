package org.homelab.rollout.frontdoor.steps;

import java.util.Map;
import java.util.Set;

import org.homelab.rollout.frontdoor.ExposedService;
import org.homelab.rollout.frontdoor.ExposedServices;
import org.homelab.rollout.frontdoor.FrontdoorProbe;
import org.homelab.rollout.frontdoor.FrontdoorProperties;
import org.homelab.rollout.inventory.Inventory;
import org.homelab.rollout.waiting.Check;
import org.homelab.rollout.waiting.Look;
import org.homelab.rollout.waiting.WaitCondition;

import org.springframework.stereotype.Component;

/**
 * Topic {@code frontdoor-served}: until the front door answers for the service as it
 * should a browser without a session: a redirect to Authelia's portal where the service
 * is guarded, the service's own answer where it bypasses Authelia.
 */
@Component
class FrontdoorServedWait implements WaitCondition {

	private final ExposedServices services;

	private final FrontdoorProbe probe;

	private final String portal;

	FrontdoorServedWait(ExposedServices services, FrontdoorProbe probe, FrontdoorProperties frontdoor,
			Inventory inventory) {
		this.services = services;
		this.probe = probe;
		this.portal = (frontdoor.portal() != null && !frontdoor.portal().isBlank()) ? frontdoor.portal()
				: "https://auth." + ExposedServices.domain(inventory, frontdoor) + "/";
	}

	@Override
	public String topic() {
		return "frontdoor-served";
	}

	@Override
	public Set<String> variables() {
		return Set.of(FrontdoorVariables.SERVICE);
	}

	@Override
	public String kind(Look look) {
		return look.required(FrontdoorVariables.SERVICE, String.class);
	}

	@Override
	public Check check(Look look) {
		ExposedService service = this.services.of(look.required(FrontdoorVariables.SERVICE, String.class));
		FrontdoorProbe.Answer answer = this.probe.ask(service.domain(), service.probePath());
		boolean met = service.policy().guarded() ? answer.sentTo(this.portal) : answer.served();
		return met ? Check.done(Map.of())
				: Check.waiting("the front door to answer "
						+ service.href() + service.probePath().substring(1) + " with " + (service.policy().guarded()
								? "a redirect to Authelia's portal " + this.portal : "the service's own page")
						+ " (" + answer + ")");
	}

	@Override
	public String overdue(Look look) {
		return "On the frontend server: 'nginx -t', 'systemctl status nginx authelia' and the site file of "
				+ look.required(FrontdoorVariables.SERVICE, String.class)
				+ " in the nginx sites directory; that the front door's certificate chains to inventory.frontdoor.ca-file"
				+ " (or a CA the JVM trusts).";
	}

}
