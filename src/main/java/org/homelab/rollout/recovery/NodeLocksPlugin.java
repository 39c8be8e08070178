package org.homelab.rollout.recovery;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The job executor locks jobs as this node, not as the random UUID it picks at each start
 * (the Spring Boot starter has no property for it, so after every other plugin has set
 * the job executor up). Once the engine is built, before the job executor (started when
 * the application is ready) and the wait poller (a lifecycle bean, started after every
 * singleton) run, the locks this node still holds are released: they are left from before
 * this start — a crash, a kill — and nothing of this node works on them any more.
 */
@Component
class NodeLocksPlugin extends AbstractProcessEnginePlugin {

	private static final Log logger = LogFactory.getLog(NodeLocksPlugin.class);

	private final EngineNode node;

	private final JdbcTemplate jdbc;

	NodeLocksPlugin(EngineNode node, JdbcTemplate jdbc) {
		this.node = node;
		this.jdbc = jdbc;
	}

	@Override
	public void postInit(ProcessEngineConfigurationImpl configuration) {
		if (configuration.getJobExecutor() != null) {
			configuration.getJobExecutor().setLockOwner(this.node.id());
		}
		logger.info("This is " + this.node + " (rollout.engine.node-id): its job and wait locks carry that name");
	}

	@Override
	public void postProcessEngineBuild(ProcessEngine engine) {
		ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) engine
			.getProcessEngineConfiguration();
		NodeLocks.Released released = new NodeLocks(this.jdbc, configuration.getDatabaseTablePrefix())
			.release(this.node.id());
		if (released.any()) {
			logger.info("Released " + released + " left from before this start: they run again now, not when "
					+ "their locks expire");
		}
	}

}
