package org.homelab.rollout.tools;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ToolProperties.class)
class ToolsConfiguration {

	@Bean
	ToolRunner toolRunner(ToolProperties properties) {
		return new ToolRunner(properties.paths(), ToolRunner.searchPath(System.getenv("PATH")),
				properties.maxTimeout());
	}

}
