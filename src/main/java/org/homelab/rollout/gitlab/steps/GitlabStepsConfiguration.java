package org.homelab.rollout.gitlab.steps;

import org.homelab.rollout.gitlab.GitlabOperations;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GitlabStepProperties.class)
class GitlabStepsConfiguration {

	/**
	 * The GitLab of the inventory (rollout.gitlab.url, else the gitlab-ce VM), with the
	 * engine's token from Vault at each call: for steps of other parts of Phase 2.
	 */
	@Bean
	@Lazy
	GitlabOperations gitlabOperations(GitlabConnections connections) {
		return connections.operations(connections.defaultUrl());
	}

}
