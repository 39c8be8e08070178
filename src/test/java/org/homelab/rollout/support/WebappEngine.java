package org.homelab.rollout.support;

import org.camunda.bpm.BpmPlatform;
import org.camunda.bpm.ProcessEngineService;
import org.camunda.bpm.container.RuntimeContainerDelegate;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngines;

/**
 * The REST API and the web apps look their engine up by name in a JVM-wide registry.
 * Several test contexts each run an engine named "default": the last one started, or none
 * once one closed, is what they would find. Tests make their own context's engine the one
 * found ({@link CurrentEngineTestExecutionListener}).
 */
public final class WebappEngine {

	private WebappEngine() {
	}

	public static void makeCurrent(ProcessEngine engine) {
		// engine-rest (SpringBootProcessEngineProvider) looks in ProcessEngines; the web
		// apps in the platform's registry
		if (ProcessEngines.getProcessEngines().get(engine.getName()) != engine) {
			ProcessEngines.registerProcessEngine(engine);
		}
		ProcessEngineService registry = BpmPlatform.getProcessEngineService();
		ProcessEngine registered = registry.getProcessEngine(engine.getName());
		if (registered == engine) {
			return;
		}
		if (registered != null) {
			RuntimeContainerDelegate.INSTANCE.get().unregisterProcessEngine(registered);
		}
		RuntimeContainerDelegate.INSTANCE.get().registerProcessEngine(engine);
	}

}
