package org.homelab.rollout.waiting;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.externaltask.ExternalTaskQueryBuilder;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.homelab.rollout.recovery.EngineNode;
import org.homelab.rollout.recovery.LocksReleased;

import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Fetches the external tasks of every {@link WaitCondition}'s topic on its own thread
 * (never a job executor's), with only the variables each condition declares, looks at
 * each condition once, and completes, puts off, throws a BPMN error or records a failure.
 * A wait is put off by extending its lock until {@link NextLook} says; the lock lives in
 * the database, so after a restart the wait is looked at when it was due. The poller
 * alone learns how long each kind of wait took ({@link LearnedDurations}), from when each
 * wait began, the looks that found it unmet and the look that found it over.
 */
@Component
class ExternalTaskPoller implements SmartLifecycle {

	static final String WAITING_FOR = "waitingFor";

	private static final Log logger = LogFactory.getLog(ExternalTaskPoller.class);

	private final ExternalTaskService externalTasks;

	/**
	 * This engine node's id: another node's poller cannot complete or extend a wait this
	 * one holds, and this node, restarted, recognises its own.
	 */
	private final String workerId;

	private final RuntimeService runtime;

	private final Map<String, WaitCondition> conditions;

	private final WaitProperties properties;

	private final NextLook nextLook;

	private final LearnedDurations learned;

	/**
	 * Per open wait (external task id): what the poller and its condition remember
	 * between looks.
	 */
	private final Map<String, Tracked> tracked = new ConcurrentHashMap<>();

	private final LookSchedule schedule = new LookSchedule();

	private Instant swept = Instant.now();

	/** A look is already due for a new wait: more hints before it runs change nothing. */
	private final AtomicBoolean hinted = new AtomicBoolean();

	private final NewWaits newWaits;

	private ScheduledExecutorService scheduler;

	private volatile ExecutorService looks;

	private ScheduledFuture<?> nextRound;

	ExternalTaskPoller(ExternalTaskService externalTasks, RuntimeService runtime, Map<String, WaitCondition> beans,
			WaitProperties properties, JdbcTemplate jdbc, NewWaits newWaits, EngineNode node) {
		this.externalTasks = externalTasks;
		this.workerId = node.id();
		this.newWaits = newWaits;
		this.runtime = runtime;
		this.conditions = byTopic(beans);
		this.properties = properties;
		this.learned = new LearnedDurations(new WaitDurationStore(jdbc));
		this.nextLook = new NextLook(properties, this.learned);
	}

	/**
	 * One condition per topic: two would take each other's waits, so start-up fails
	 * naming both.
	 */
	static Map<String, WaitCondition> byTopic(Map<String, WaitCondition> beans) {
		Map<String, String> served = new HashMap<>();
		Map<String, WaitCondition> conditions = new HashMap<>();
		beans.forEach((name, condition) -> {
			String other = served.putIfAbsent(condition.topic(), name);
			if (other != null) {
				throw new IllegalStateException("External-task topic '" + condition.topic() + "' is served by both '"
						+ other + "' and '" + name + "': give one of them another topic (and its model too).");
			}
			conditions.put(condition.topic(), condition);
		});
		return conditions;
	}

	@Override
	public synchronized void start() {
		this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "wait-poller"));
		AtomicInteger lookers = new AtomicInteger();
		this.looks = Executors.newFixedThreadPool(Math.max(1, this.properties.lookThreads()),
				r -> new Thread(r, "wait-look-" + lookers.incrementAndGet()));
		this.scheduler.execute(this::pollSafely);
		this.newWaits.listen(this::newWait);
	}

	@Override
	public synchronized void stop() {
		this.newWaits.listen(() -> {
		});
		this.scheduler.shutdownNow();
		this.scheduler = null;
		this.looks.shutdownNow();
	}

	@Override
	public synchronized boolean isRunning() {
		return this.scheduler != null;
	}

	/**
	 * One round, on the poller's thread only; then the next round when the earliest
	 * put-off wait is due.
	 */
	private void pollSafely() {
		try {
			poll();
			sweep();
		}
		catch (RuntimeException ex) {
			// the engine itself failed (database gone?); try again next round
			logger.warn("Polling waits failed: " + ex, ex);
		}
		scheduleNextRound();
	}

	private synchronized void scheduleNextRound() {
		if (this.scheduler != null && !this.scheduler.isShutdown()) {
			if (this.nextRound != null) {
				this.nextRound.cancel(false);
			}
			Duration next = this.schedule.next(Instant.now(), this.properties.pollInterval());
			if (!this.tracked.isEmpty() && next.compareTo(this.properties.sweep()) > 0) {
				// a wait cancelled meanwhile is dropped within a sweep, not at its
				// next look
				next = this.properties.sweep();
			}
			this.nextRound = this.scheduler.schedule(this::pollSafely, next.toNanos(), TimeUnit.NANOSECONDS);
		}
	}

	/**
	 * A dead peer's waits were released: look at them now, not at the next poll.
	 */
	@EventListener(LocksReleased.class)
	void locksReleased() {
		newWait();
	}

	/**
	 * A wait was just created on this node: a round now, on the poller's thread, instead
	 * of at the next poll.
	 */
	private synchronized void newWait() {
		if (this.scheduler != null && this.hinted.compareAndSet(false, true)) {
			this.scheduler.execute(() -> {
				this.hinted.set(false);
				pollSafely();
			});
		}
	}

	void poll() {
		if (this.conditions.isEmpty()) {
			return;
		}
		ExternalTaskQueryBuilder fetch = this.externalTasks.fetchAndLock(50, this.workerId);
		this.conditions.values()
			.forEach(condition -> fetch.topic(condition.topic(), this.properties.lockDuration().toMillis())
				.variables(fetched(condition)));
		this.schedule.fetched(Instant.now());
		List<LockedExternalTask> due = fetch.execute();
		ExecutorService pool = this.looks;
		if (due.size() == 1 || pool == null) {
			due.forEach(this::look);
			return;
		}
		// each look is a remote call: many waits due at once are looked at side by side
		// (a wait is looked at by one thread per round, so what it keeps needs no lock)
		CompletableFuture
			.allOf(due.stream()
				.map(task -> CompletableFuture.runAsync(() -> look(task), pool))
				.toArray(CompletableFuture[]::new))
			.join();
	}

	private static List<String> fetched(WaitCondition condition) {
		List<String> names = new ArrayList<>(condition.variables());
		names.add(WAITING_FOR);
		return names;
	}

	private void look(LockedExternalTask task) {
		WaitCondition condition = this.conditions.get(task.getTopicName());
		Tracked wait = this.tracked.computeIfAbsent(task.getId(), id -> new Tracked());
		try {
			Map<String, Object> variables = new HashMap<>(task.getVariables());
			variables.remove(WAITING_FOR);
			Look look = new Look(variables, task.getCreateTime().toInstant(), Instant.now(), wait.memory);
			String kind = kind(condition, look);
			Check check = overdue(condition, look, kind,
					Objects.requireNonNull(condition.check(look), "the wait's condition gave no answer"));
			wait.memory = look.memory();
			if (check.state() != Check.State.WAITING) {
				ended(task);
			}
			switch (check.state()) {
				case DONE -> {
					this.learned.over(kind, wait.lastUnmet, look.elapsed());
					this.externalTasks.complete(task.getId(), this.workerId, check.variables());
				}
				case WAITING -> stillWaiting(task, kind, wait, look, check);
				case BPMN_ERROR ->
					this.externalTasks.handleBpmnError(task.getId(), this.workerId, check.errorCode(), check.message());
				case FAILED -> this.externalTasks.handleFailure(task.getId(), this.workerId, check.message(),
						check.message(), 0, 0);
			}
		}
		catch (RuntimeException ex) {
			failed(task, ex);
		}
	}

	/**
	 * A wait still unmet past its deadline fails: an incident saying what it waited for
	 * and what to check. Retrying the incident looks once more: over by then, the run
	 * goes on; else the incident comes back.
	 */
	private Check overdue(WaitCondition condition, Look look, String kind, Check check) {
		WaitProperties.Deadline deadline = this.properties.deadlineOf(kind);
		if (check.state() != Check.State.WAITING || look.elapsed().compareTo(deadline.after()) < 0) {
			return check;
		}
		return Check.failed("Waited " + human(look.elapsed()) + " (since " + look.since() + ") for " + check.message()
				+ ": past the deadline of " + human(deadline.after()) + " (" + deadline.setting() + "). "
				+ condition.overdue(look) + " Then retry this incident: the wait looks once more.");
	}

	private static String human(Duration duration) {
		Duration shown = (duration.compareTo(Duration.ofSeconds(1)) < 0) ? duration.truncatedTo(ChronoUnit.MILLIS)
				: duration.truncatedTo(ChronoUnit.SECONDS);
		return shown.toString().substring(2).toLowerCase();
	}

	static String kind(WaitCondition condition, Look look) {
		String kind = condition.kind(look);
		return (kind == null || kind.isBlank()) ? condition.topic() : condition.topic() + " " + kind;
	}

	private void stillWaiting(LockedExternalTask task, String kind, Tracked wait, Look look, Check check) {
		wait.looks++;
		if (task.getRetries() != null && task.getRetries() < this.properties.retries()) {
			// a look answered after failed ones: the failures were transient, and only
			// that many in a row make an incident, not that many over a long wait
			this.externalTasks.setRetries(task.getId(), this.properties.retries());
		}
		wait.lastUnmet = look.elapsed();
		if (!check.message().equals(task.getVariables().get(WAITING_FOR))) {
			this.runtime.setVariableLocal(task.getExecutionId(), WAITING_FOR, check.message());
		}
		Duration pause = this.nextLook.after(kind, look.elapsed(), wait.looks, check.doneIn());
		this.externalTasks.extendLock(task.getId(), this.workerId, pause.toMillis());
		this.schedule.lockedUntil(task.getId(), Instant.now().plus(pause));
	}

	private void ended(LockedExternalTask task) {
		this.tracked.remove(task.getId());
		this.schedule.forget(task.getId());
	}

	/**
	 * Waits cancelled (a run rolled back or deleted) or ended elsewhere never come back:
	 * drop what is kept of them.
	 */
	private void sweep() {
		if (this.tracked.isEmpty() || Instant.now().isBefore(this.swept.plus(this.properties.sweep()))) {
			return;
		}
		this.swept = Instant.now();
		Set<String> open = this.externalTasks.createExternalTaskQuery()
			.externalTaskIdIn(Set.copyOf(this.tracked.keySet()))
			.workerId(this.workerId)
			.list()
			.stream()
			.map(task -> task.getId())
			.collect(Collectors.toSet());
		this.tracked.keySet().retainAll(open);
		this.schedule.retain(open);
	}

	int tracked() {
		return this.tracked.size();
	}

	private void failed(LockedExternalTask task, RuntimeException ex) {
		ended(task);
		int retries = (task.getRetries() == null) ? this.properties.retries() : task.getRetries() - 1;
		StringWriter details = new StringWriter();
		ex.printStackTrace(new PrintWriter(details));
		logger.warn("Wait '" + task.getActivityId() + "' failed (" + retries + " retries left): " + ex.getMessage());
		this.externalTasks.handleFailure(task.getId(), this.workerId, ex.getMessage(), details.toString(),
				Math.max(retries, 0), this.properties.retryBackoff().toMillis());
		if (retries > 0) {
			// the retry is due then: look again on time, not at the next poll
			this.schedule.lockedUntil(task.getId(), Instant.now().plus(this.properties.retryBackoff()));
		}
	}

	/**
	 * Looks so far, the elapsed time at the last unmet one (null before any), and the
	 * condition's memory.
	 */
	private static final class Tracked {

		int looks;

		Duration lastUnmet;

		Object memory;

	}

}
