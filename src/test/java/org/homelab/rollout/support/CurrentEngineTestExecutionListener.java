package org.homelab.rollout.support;

import org.camunda.bpm.engine.ProcessEngine;

import org.springframework.test.context.TestContext;
import org.springframework.test.context.support.AbstractTestExecutionListener;

/**
 * Before each test of a Spring context with an engine, makes that engine the one the REST
 * API and the web apps find (see {@link WebappEngine}); registered for every test in
 * {@code META-INF/spring.factories}.
 */
public class CurrentEngineTestExecutionListener extends AbstractTestExecutionListener {

	@Override
	public int getOrder() {
		return LOWEST_PRECEDENCE;
	}

	@Override
	public void beforeTestMethod(TestContext testContext) {
		testContext.getApplicationContext().getBeanProvider(ProcessEngine.class).ifAvailable(WebappEngine::makeCurrent);
	}

}
