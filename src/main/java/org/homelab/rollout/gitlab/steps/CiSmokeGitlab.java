package org.homelab.rollout.gitlab.steps;

import org.homelab.rollout.gitlab.GitlabOperations;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The GitLab client the ci-smoke steps use, looked up at call time: it is made where the
 * engine's GitLab token is read from Vault, and the engine starts (and runs everything
 * else) without it.
 */
@Component
class CiSmokeGitlab {

	private final ObjectProvider<GitlabOperations> gitlab;

	CiSmokeGitlab(ObjectProvider<GitlabOperations> gitlab) {
		this.gitlab = gitlab;
	}

	GitlabOperations operations() {
		GitlabOperations operations = this.gitlab.getIfAvailable();
		if (operations == null) {
			throw new IllegalStateException("No GitLab client in the engine (a GitlabOperations bean): Phase 2's"
					+ " GitLab configuration makes it once GitLab's address is in the inventory (inventory.gitlab);"
					+ " check the engine's configuration, then retry.");
		}
		return operations;
	}

}
