package org.homelab.rollout.argocd.steps;

import java.util.Map;
import java.util.Set;

import org.homelab.rollout.argocd.ArgoCdException;
import org.homelab.rollout.waiting.Check;
import org.homelab.rollout.waiting.Look;
import org.homelab.rollout.waiting.WaitCondition;

import org.springframework.stereotype.Component;

/**
 * Topic {@code argocd-answering}: until argocd-server answers {@code GET /api/version}
 * (anonymous) at its address. Its pods being Ready is not quite enough: the Service's
 * node port follows the endpoints a moment later, and a login refused then would cost the
 * next step a job retry's back-off. The address (found once through the Service, then
 * remembered) is handed on as {@code argocdUrl}.
 */
@Component
class ArgoCdAnsweringWait implements WaitCondition {

	private final ArgoCdSteps steps;

	ArgoCdAnsweringWait(ArgoCdSteps steps) {
		this.steps = steps;
	}

	@Override
	public String topic() {
		return "argocd-answering";
	}

	@Override
	public Set<String> variables() {
		return Set.of(ArgoCdVariables.RELEASE_NODE, ArgoCdVariables.URL);
	}

	@Override
	public Check check(Look look) {
		String url = look.remembered(String.class);
		if (url == null) {
			url = this.steps.url(look.variables());
			look.remember(url);
		}
		try {
			this.steps.argocd(() -> null, url).version();
			return Check.done(Map.of(ArgoCdVariables.URL, url));
		}
		catch (ArgoCdException ex) {
			if (!ex.isTransient()) {
				throw ex;
			}
			return Check.waiting("argocd-server at " + url + " to answer GET /api/version (" + ex.getMessage() + ")");
		}
	}

	@Override
	public String overdue(Look look) {
		return "Check argocd-server's pods in namespace " + this.steps.namespace()
				+ " (kubectl get pods, kubectl logs deploy/argocd-server) and that its Service's node port reaches "
				+ "them from the engine (or rollout.argocd.url does).";
	}

}
