package org.homelab.rollout.kubernetes.steps;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class KubernetesStepsConfiguration {

	/**
	 * Read by the models:
	 * {@code <camunda:failedJobRetryTimeCycle>${kubernetesRetry.cycle}</...>}.
	 */
	@Bean
	KubernetesRetry kubernetesRetry(@Value("${rollout.kubernetes.retry-cycle:PT5S,PT30S,PT2M}") String cycle) {
		return new KubernetesRetry(cycle);
	}

	/**
	 * The retry back-off of Kubernetes service tasks (Camunda's failedJobRetryTimeCycle,
	 * a list of delays).
	 */
	public record KubernetesRetry(String cycle) {

		public String getCycle() {
			return this.cycle;
		}

	}

}
