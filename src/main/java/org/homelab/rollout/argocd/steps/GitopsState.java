package org.homelab.rollout.argocd.steps;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.homelab.rollout.argocd.ArgoCdApplication;
import org.homelab.rollout.argocd.ArgoCdOperations;
import org.homelab.rollout.criteria.Criterion;

/**
 * Whether Argo CD manages the layout's Applications: the root and every child of
 * {@code apps/} Synced and Healthy, from one {@code GET /api/v1/applications}.
 */
final class GitopsState {

	private GitopsState() {
	}

	static Criterion managing(ArgoCdOperations argocd, GitopsLayout layout) {
		Map<String, ArgoCdApplication> apps = argocd.applications()
			.list(null)
			.stream()
			.collect(Collectors.toMap(ArgoCdApplication::name, Function.identity(), (a, b) -> a));
		List<String> wanted = new ArrayList<>();
		wanted.add(GitopsLayout.ROOT);
		wanted.addAll(layout.children());
		List<String> states = new ArrayList<>();
		boolean all = true;
		for (String name : wanted) {
			ArgoCdApplication app = apps.get(name);
			if (app == null) {
				states.add(name + " absent");
				all = false;
				continue;
			}
			states.add(name + " " + app.syncStatus() + "/" + app.healthStatus());
			all &= app.synced() && app.healthy();
		}
		String result = "Argo CD Applications: " + String.join(", ", states);
		return all ? Criterion.met(result) : Criterion.unmet(result);
	}

}
