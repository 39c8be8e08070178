package org.homelab.rollout.waiting;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.externaltask.ExternalTaskQueryBuilder;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Fetches the external tasks of every {@link WaitCondition}'s topic on its own thread (never a job executor's), looks
 * at each condition once, and completes, backs off, throws a BPMN error or records a failure. Looks per wait are
 * counted in memory: after a restart the back-off starts again from its initial value, nothing else is lost.
 */
@Component
class ExternalTaskPoller implements SmartLifecycle {

	static final String WORKER_ID = "homelab-rollout-poller";

	static final String WAITING_FOR = "waitingFor";

	private static final Log logger = LogFactory.getLog(ExternalTaskPoller.class);

	private final ExternalTaskService externalTasks;

	private final RuntimeService runtime;

	private final Map<String, WaitCondition> conditions;

	private final WaitProperties properties;

	private final Map<String, Integer> looks = new ConcurrentHashMap<>();

	private ScheduledExecutorService scheduler;

	ExternalTaskPoller(ExternalTaskService externalTasks, RuntimeService runtime, List<WaitCondition> conditions,
			WaitProperties properties) {
		this.externalTasks = externalTasks;
		this.runtime = runtime;
		this.conditions = conditions.stream().collect(Collectors.toMap(WaitCondition::topic, Function.identity()));
		this.properties = properties;
	}

	@Override
	public synchronized void start() {
		this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "wait-poller"));
		this.scheduler.scheduleWithFixedDelay(this::pollSafely, 0, this.properties.pollInterval().toMillis(),
				TimeUnit.MILLISECONDS);
	}

	@Override
	public synchronized void stop() {
		this.scheduler.shutdownNow();
		this.scheduler = null;
	}

	@Override
	public synchronized boolean isRunning() {
		return this.scheduler != null;
	}

	private void pollSafely() {
		try {
			poll();
		}
		catch (RuntimeException ex) {
			// the engine itself failed (database gone?); try again next round
			logger.warn("Polling waits failed: " + ex.getMessage());
		}
	}

	void poll() {
		if (this.conditions.isEmpty()) {
			return;
		}
		ExternalTaskQueryBuilder fetch = this.externalTasks.fetchAndLock(50, WORKER_ID);
		this.conditions.keySet().forEach(topic -> fetch.topic(topic, this.properties.lockDuration().toMillis()));
		for (LockedExternalTask task : fetch.execute()) {
			look(task);
		}
	}

	private void look(LockedExternalTask task) {
		WaitCondition condition = this.conditions.get(task.getTopicName());
		try {
			Check check = condition.check(task.getVariables());
			switch (check.state()) {
				case DONE -> {
					this.looks.remove(task.getId());
					this.externalTasks.complete(task.getId(), WORKER_ID, check.variables());
				}
				case WAITING -> stillWaiting(task, check.message());
				case BPMN_ERROR -> {
					this.looks.remove(task.getId());
					this.externalTasks.handleBpmnError(task.getId(), WORKER_ID, check.errorCode(), check.message());
				}
				case FAILED -> {
					this.looks.remove(task.getId());
					this.externalTasks.handleFailure(task.getId(), WORKER_ID, check.message(), check.message(), 0, 0);
				}
			}
		}
		catch (RuntimeException ex) {
			failed(task, ex);
		}
	}

	private void stillWaiting(LockedExternalTask task, String what) {
		int count = this.looks.merge(task.getId(), 1, Integer::sum);
		if (!what.equals(task.getVariables().get(WAITING_FOR))) {
			this.runtime.setVariableLocal(task.getExecutionId(), WAITING_FOR, what);
		}
		this.externalTasks.extendLock(task.getId(), WORKER_ID, this.properties.backoff(count).toMillis());
	}

	private void failed(LockedExternalTask task, RuntimeException ex) {
		this.looks.remove(task.getId());
		int retries = (task.getRetries() == null) ? this.properties.retries() : task.getRetries() - 1;
		StringWriter details = new StringWriter();
		ex.printStackTrace(new PrintWriter(details));
		logger.warn("Wait '" + task.getActivityId() + "' failed (" + retries + " retries left): " + ex.getMessage());
		this.externalTasks.handleFailure(task.getId(), WORKER_ID, ex.getMessage(), details.toString(),
				Math.max(retries, 0), this.properties.retryBackoff().toMillis());
	}

}
