package org.homelab.rollout.engine;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.util.xml.Element;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * So nobody mistakes a rehearsal for a real run: the log says so at start-up, every
 * process instance carries the variable {@value #VARIABLE} (visible in Cockpit), and
 * every REST answer carries the header {@value #HEADER}.
 */
@Configuration(proxyBeanMethods = false)
class RehearsalMarks {

	static final String VARIABLE = "rehearsal";

	static final String HEADER = "X-Rollout-Mode";

	private static final Log logger = LogFactory.getLog(RehearsalMarks.class);

	private final RolloutProperties properties;

	RehearsalMarks(RolloutProperties properties) {
		this.properties = properties;
	}

	@EventListener(ApplicationReadyEvent.class)
	void banner() {
		if (this.properties.rehearsal()) {
			logger.warn("""

					==================================================================
					  REHEARSAL MODE: the homelab is simulated by the rehearsal lab.
					  Nothing real is touched. Set SPRING_PROFILES_ACTIVE=homelab
					  to drive the real homelab of the inventory.
					==================================================================""");
		}
		else {
			logger.info("Homelab mode: runs act on the real systems of the inventory");
		}
	}

	@Bean
	AbstractProcessEnginePlugin rehearsalVariablePlugin() {
		boolean rehearsal = this.properties.rehearsal();
		ExecutionListener mark = execution -> execution.setVariable(VARIABLE, rehearsal);
		return new AbstractProcessEnginePlugin() {
			@Override
			public void preInit(ProcessEngineConfigurationImpl configuration) {
				List<BpmnParseListener> listeners = new ArrayList<>();
				if (configuration.getCustomPostBPMNParseListeners() != null) {
					listeners.addAll(configuration.getCustomPostBPMNParseListeners());
				}
				listeners.add(new AbstractBpmnParseListener() {
					@Override
					public void parseProcess(Element process, ProcessDefinitionEntity definition) {
						definition.addListener(ExecutionListener.EVENTNAME_START, mark);
					}
				});
				configuration.setCustomPostBPMNParseListeners(listeners);
			}
		};
	}

	@Bean
	FilterRegistrationBean<OncePerRequestFilter> rolloutModeHeader() {
		String mode = this.properties.mode().name().toLowerCase();
		FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
				new OncePerRequestFilter() {
					@Override
					protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
							FilterChain chain) throws ServletException, IOException {
						response.setHeader(HEADER, mode);
						chain.doFilter(request, response);
					}
				});
		registration.addUrlPatterns("/engine-rest/*");
		// before authentication, so even a 401 says which mode answered
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

}
