package org.homelab.rollout.gitlab;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Phase 2's GitLab inventory and the gitlab.rb renderer. The REST client is made per use
 * with {@link GitlabClients#create}, given the token source that reads Vault.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GitlabProperties.class)
class GitlabConfiguration {

	@Bean
	GitlabRb gitlabRb(GitlabProperties properties) {
		return new GitlabRb(properties);
	}

}
