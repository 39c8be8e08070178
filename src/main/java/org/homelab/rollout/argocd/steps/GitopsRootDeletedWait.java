package org.homelab.rollout.argocd.steps;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.homelab.rollout.argocd.ArgoCdApplication;
import org.homelab.rollout.waiting.Check;
import org.homelab.rollout.waiting.Look;
import org.homelab.rollout.waiting.WaitCondition;

import org.springframework.stereotype.Component;

/**
 * Topic {@code gitops-root-deleted}: one {@code GET /api/v1/applications} per look until
 * neither the root nor any child of the layout is left (their finalizers done). Nothing
 * to wait for when this run did not delete the root.
 */
@Component
class GitopsRootDeletedWait implements WaitCondition {

	static final String TOPIC = "gitops-root-deleted";

	private final ArgoCdSteps steps;

	private final GitopsLayout layout;

	GitopsRootDeletedWait(ArgoCdSteps steps, GitopsLayout layout) {
		this.steps = steps;
		this.layout = layout;
	}

	@Override
	public String topic() {
		return TOPIC;
	}

	@Override
	public Set<String> variables() {
		return Set.of(ArgoCdVariables.VAULT_ADDRESS, ArgoCdVariables.VAULT_CA_FILE, ArgoCdVariables.URL,
				GitopsVariables.ROOT_DELETED);
	}

	@Override
	public Check check(Look look) {
		if (!Boolean.TRUE.equals(look.optional(GitopsVariables.ROOT_DELETED, Boolean.class))) {
			return Check.done(Map.of());
		}
		List<String> children = this.layout.children();
		List<String> left = this.steps.argocd(this.steps.vault(look.variables()), this.steps.url(look.variables()))
			.applications()
			.list(null)
			.stream()
			.map(ArgoCdApplication::name)
			.filter(name -> name.equals(GitopsLayout.ROOT) || children.contains(name))
			.toList();
		return left.isEmpty() ? Check.done(Map.of()) : Check.waiting("Argo CD to finish deleting " + left);
	}

	@Override
	public String overdue(Look look) {
		return "An Application whose resources finalizer does not finish: look at its resources in Argo CD's UI (a "
				+ "resource that cannot be deleted); removing the finalizer by hand leaves its resources behind.";
	}

}
