package org.homelab.rollout.support;

import org.camunda.bpm.BpmPlatform;
import org.camunda.bpm.ProcessEngineService;
import org.camunda.bpm.container.RuntimeContainerDelegate;
import org.camunda.bpm.engine.ProcessEngine;

/**
 * The web apps look their engine up by name in a JVM-wide registry. Several test contexts each run an engine named
 * "default", and one that closes takes the name with it: a test that uses the web apps makes its own engine the
 * one they find.
 */
public final class WebappEngine {

	private WebappEngine() {
	}

	public static void makeCurrent(ProcessEngine engine) {
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
