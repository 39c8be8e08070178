package org.homelab.rollout.waiting;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
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
 * at each condition once, and completes, puts off, throws a BPMN error or records a failure. A wait is put off by
 * extending its lock: for as long as the condition said ({@link Check#lookAgainIn}), else by the blind back-off. The
 * lock lives in the database, so after a restart the wait is looked at when it was due; looks per wait (for the
 * back-off) are counted in memory and start again from the initial back-off.
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

	private final LookSchedule schedule = new LookSchedule();

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
		this.scheduler.execute(this::pollSafely);
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
		synchronized (this) {
			if (this.scheduler != null && !this.scheduler.isShutdown()) {
				Duration next = this.schedule.next(Instant.now(), this.properties.pollInterval());
				this.scheduler.schedule(this::pollSafely, next.toNanos(), TimeUnit.NANOSECONDS);
			}
		}
	}

	void poll() {
		if (this.conditions.isEmpty()) {
			return;
		}
		ExternalTaskQueryBuilder fetch = this.externalTasks.fetchAndLock(50, WORKER_ID);
		this.conditions.keySet().forEach(topic -> fetch.topic(topic, this.properties.lockDuration().toMillis()));
		this.schedule.fetched(Instant.now());
		for (LockedExternalTask task : fetch.execute()) {
			look(task);
		}
	}

	private void look(LockedExternalTask task) {
		WaitCondition condition = this.conditions.get(task.getTopicName());
		try {
			Map<String, Object> variables = new HashMap<>(task.getVariables());
			variables.put(WaitCondition.WAITING_SINCE, task.getCreateTime());
			Check check = condition.check(variables);
			if (check.state() != Check.State.WAITING) {
				ended(task);
			}
			switch (check.state()) {
				case DONE -> this.externalTasks.complete(task.getId(), WORKER_ID, check.variables());
				case WAITING -> stillWaiting(task, check);
				case BPMN_ERROR ->
					this.externalTasks.handleBpmnError(task.getId(), WORKER_ID, check.errorCode(), check.message());
				case FAILED ->
					this.externalTasks.handleFailure(task.getId(), WORKER_ID, check.message(), check.message(), 0, 0);
			}
		}
		catch (RuntimeException ex) {
			failed(task, ex);
		}
	}

	private void stillWaiting(LockedExternalTask task, Check check) {
		int count = this.looks.merge(task.getId(), 1, Integer::sum);
		if (!check.message().equals(task.getVariables().get(WAITING_FOR))) {
			this.runtime.setVariableLocal(task.getExecutionId(), WAITING_FOR, check.message());
		}
		Duration pause = this.properties.pause(check.lookAgainIn(), count);
		this.externalTasks.extendLock(task.getId(), WORKER_ID, pause.toMillis());
		this.schedule.lockedUntil(task.getId(), Instant.now().plus(pause));
	}

	private void ended(LockedExternalTask task) {
		this.looks.remove(task.getId());
		this.schedule.forget(task.getId());
	}

	private void failed(LockedExternalTask task, RuntimeException ex) {
		ended(task);
		int retries = (task.getRetries() == null) ? this.properties.retries() : task.getRetries() - 1;
		StringWriter details = new StringWriter();
		ex.printStackTrace(new PrintWriter(details));
		logger.warn("Wait '" + task.getActivityId() + "' failed (" + retries + " retries left): " + ex.getMessage());
		this.externalTasks.handleFailure(task.getId(), WORKER_ID, ex.getMessage(), details.toString(),
				Math.max(retries, 0), this.properties.retryBackoff().toMillis());
	}

}
