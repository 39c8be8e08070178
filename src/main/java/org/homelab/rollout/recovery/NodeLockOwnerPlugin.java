package org.homelab.rollout.recovery;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;

import org.springframework.stereotype.Component;

/**
 * The job executor locks jobs as this node, not as the random UUID it picks at each
 * start: the Spring Boot starter has no property for it, so after every other plugin has
 * set the job executor up.
 */
@Component
class NodeLockOwnerPlugin extends AbstractProcessEnginePlugin {

	private static final Log logger = LogFactory.getLog(NodeLockOwnerPlugin.class);

	private final EngineNode node;

	NodeLockOwnerPlugin(EngineNode node) {
		this.node = node;
	}

	@Override
	public void postInit(ProcessEngineConfigurationImpl configuration) {
		if (configuration.getJobExecutor() != null) {
			configuration.getJobExecutor().setLockOwner(this.node.id());
		}
		logger.info("This is " + this.node + " (rollout.engine.node-id): its job and wait locks carry that name");
	}

}
