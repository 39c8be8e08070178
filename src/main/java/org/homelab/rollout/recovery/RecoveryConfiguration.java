package org.homelab.rollout.recovery;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EngineNodeProperties.class)
class RecoveryConfiguration {

	@Bean
	EngineNode engineNode(EngineNodeProperties properties) {
		return EngineNode.of(properties);
	}

}
