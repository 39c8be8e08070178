package org.homelab.rollout.engine;

import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * HTTP Basic on {@code /engine-rest}, checked against the engine's identity service; with
 * authorization enabled the engine then limits each user to what their groups were
 * granted.
 */
@Configuration(proxyBeanMethods = false)
class RestAuthenticationConfiguration {

	@Bean
	FilterRegistrationBean<ProcessEngineAuthenticationFilter> restAuthenticationFilter() {
		FilterRegistrationBean<ProcessEngineAuthenticationFilter> registration = new FilterRegistrationBean<>(
				new ProcessEngineAuthenticationFilter());
		registration.addUrlPatterns("/engine-rest/*");
		registration.addInitParameter("authentication-provider", HttpBasicAuthenticationProvider.class.getName());
		registration.setName("engine-rest-authentication");
		registration.setOrder(Ordered.LOWEST_PRECEDENCE - 10);
		return registration;
	}

	/**
	 * After authentication, so a caller learns nothing before logging in; before
	 * engine-rest reads the body. The web apps' copy of engine-rest, which Tasklist and
	 * Cockpit send their bodies to, is checked too, once the session has logged in.
	 */
	@Bean
	FilterRegistrationBean<RestInputCheck> restInputCheck() {
		FilterRegistrationBean<RestInputCheck> registration = new FilterRegistrationBean<>(new RestInputCheck());
		registration.addUrlPatterns("/engine-rest/*", "/camunda/api/engine/*");
		registration.setName("engine-rest-input-check");
		registration.setOrder(Ordered.LOWEST_PRECEDENCE - 5);
		return registration;
	}

}
