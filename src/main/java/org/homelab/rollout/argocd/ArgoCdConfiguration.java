package org.homelab.rollout.argocd;

import okhttp3.OkHttpClient;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Phase 3.1's Argo CD client factory ({@code rollout.argocd.*}). Inert until used: no
 * address is needed at start-up and nothing is contacted; a step makes the client with
 * {@link ArgoCdClients#operations} and the password source that reads Vault.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ArgoCdProperties.class)
class ArgoCdConfiguration {

	@Bean
	ArgoCdClients argoCdClients(OkHttpClient shared, ArgoCdProperties properties) {
		return new ArgoCdClients(shared, properties);
	}

}
