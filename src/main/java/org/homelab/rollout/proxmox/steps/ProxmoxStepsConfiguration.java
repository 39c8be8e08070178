package org.homelab.rollout.proxmox.steps;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ProxmoxStepProperties.class)
class ProxmoxStepsConfiguration {

	/**
	 * Read by the models:
	 * {@code <camunda:failedJobRetryTimeCycle>${proxmoxRetry.cycle}</...>}.
	 */
	@Bean
	ProxmoxRetry proxmoxRetry(ProxmoxStepProperties properties) {
		return new ProxmoxRetry(properties.retryCycle());
	}

	/** The retry back-off of Proxmox service tasks, as an expression target. */
	public record ProxmoxRetry(String cycle) {

		public String getCycle() {
			return this.cycle;
		}

	}

}
