package org.homelab.rollout.argocd.steps;

import java.util.Map;
import java.util.Set;

import org.homelab.rollout.criteria.Criterion;
import org.homelab.rollout.waiting.Check;
import org.homelab.rollout.waiting.Look;
import org.homelab.rollout.waiting.WaitCondition;

import org.springframework.stereotype.Component;

/**
 * Topic {@code gitops-synced}: one {@code GET /api/v1/applications} per look until the
 * root Application and its children are Synced and Healthy.
 */
@Component
class GitopsSyncedWait implements WaitCondition {

	static final String TOPIC = "gitops-synced";

	private final ArgoCdSteps steps;

	private final GitopsLayout layout;

	GitopsSyncedWait(ArgoCdSteps steps, GitopsLayout layout) {
		this.steps = steps;
		this.layout = layout;
	}

	@Override
	public String topic() {
		return TOPIC;
	}

	@Override
	public Set<String> variables() {
		return Set.of(ArgoCdVariables.VAULT_ADDRESS, ArgoCdVariables.VAULT_CA_FILE, ArgoCdVariables.URL);
	}

	@Override
	public Check check(Look look) {
		Criterion state = GitopsState.managing(
				this.steps.argocd(this.steps.vault(look.variables()), this.steps.url(look.variables())), this.layout);
		return state.met() ? Check.done(Map.of()) : Check.waiting(state.result() + " to be Synced/Healthy");
	}

	@Override
	public String overdue(Look look) {
		return "Open the Applications in Argo CD's UI: a ComparisonError means it cannot read homelab/gitops (the "
				+ "repository Secret, the deploy token), a failed sync names the object the project refused.";
	}

}
