package org.homelab.rollout.engine;

import java.util.ArrayList;
import java.util.List;

import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.DeleteProcessInstanceCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteProcessInstancesCmd;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Cancelling a run (Cockpit's "Cancel process instance", {@code DELETE
 * /process-instance/{id}}) is tried again when it collides with a step of that run
 * committing at the same moment: the engine refuses such a delete with an
 * optimistic-locking conflict, which engine-rest answered with a 500 and the operator had
 * to press again, often several times while a run moves. The whole command is rolled back
 * before it is tried again, so nothing is half deleted.
 */
@Configuration(proxyBeanMethods = false)
class CancelRetries {

	@Bean
	AbstractProcessEnginePlugin cancelRetriesPlugin() {
		return new AbstractProcessEnginePlugin() {
			@Override
			public void preInit(ProcessEngineConfigurationImpl configuration) {
				List<CommandInterceptor> interceptors = new ArrayList<>();
				if (configuration.getCustomPreCommandInterceptorsTxRequired() != null) {
					interceptors.addAll(configuration.getCustomPreCommandInterceptorsTxRequired());
				}
				// a Phase 1 run's delete collides with job acquisitions, external-task
				// locks and commits of its steps: measured, 5 immediate attempts still
				// failed now and then under load, 20 never did in 10 cancels
				interceptors.add(new Retrying(20));
				configuration.setCustomPreCommandInterceptorsTxRequired(interceptors);
			}
		};
	}

	/**
	 * Outside the transaction: each attempt is a transaction of its own, tried again at
	 * once (the conflict means the other step has committed, so the next attempt reads
	 * it). Only a delete called from outside the engine is retried; one inside another
	 * command shares that command's transaction and fails with it.
	 */
	static final class Retrying extends CommandInterceptor {

		private final int attempts;

		Retrying(int attempts) {
			this.attempts = attempts;
		}

		@Override
		public <T> T execute(Command<T> command) {
			boolean cancel = command instanceof DeleteProcessInstanceCmd
					|| command instanceof DeleteProcessInstancesCmd;
			if (!cancel || Context.getCommandContext() != null) {
				return this.next.execute(command);
			}
			for (int attempt = 1;; attempt++) {
				try {
					return this.next.execute(command);
				}
				catch (OptimisticLockingException ex) {
					if (attempt >= this.attempts) {
						throw ex;
					}
				}
			}
		}

	}

}
