package org.homelab.rollout.support;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.pollinterval.FixedPollInterval;
import org.awaitility.pollinterval.PollInterval;
import org.camunda.bpm.engine.ProcessEngineServices;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Drives process instances in tests, as an operator or CI would: starts them, waits for
 * their user tasks and ends, and reads what they did from history. Every wait fails fast
 * naming an incident of the instance or of any process it called (Camunda raises those on
 * the calling activity too), and a timeout says what is still running.
 */
public final class ProcessRuns {

	/**
	 * The lab's steps take fractions of a second: look soon, then less and less often up
	 * to {@link #POLL_CAP}, unless told. Each look is three or four engine queries; at a
	 * steady 20 ms they took a fifth of a test JVM's CPU, which the lab and engine under
	 * test then lacked.
	 */
	private static final Duration POLL = Duration.ofMillis(10);

	private static final Duration POLL_CAP = Duration.ofMillis(200);

	private final ProcessEngineServices engine;

	private final PollInterval poll;

	private final Duration timeout;

	private final boolean jobExceptionsFail;

	private final Runnable meanwhile;

	public ProcessRuns(ProcessEngineServices engine) {
		this(engine, (count, previous) -> (count == 1) ? POLL : min(previous.multipliedBy(3).dividedBy(2), POLL_CAP),
				Duration.ofSeconds(60), false, () -> {
				});
	}

	private ProcessRuns(ProcessEngineServices engine, PollInterval poll, Duration timeout, boolean jobExceptionsFail,
			Runnable meanwhile) {
		this.engine = engine;
		this.poll = poll;
		this.timeout = timeout;
		this.jobExceptionsFail = jobExceptionsFail;
		this.meanwhile = meanwhile;
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

	/** The same, waiting at most {@code timeout} each time (60 s unless told). */
	public ProcessRuns within(Duration timeout) {
		return new ProcessRuns(this.engine, this.poll, timeout, this.jobExceptionsFail, this.meanwhile);
	}

	/**
	 * The same, looking every {@code poll}: a benchmark looks seldom, so its queries do
	 * not take the engine's CPU, and times what it measures from the engine's own
	 * records.
	 */
	public ProcessRuns polling(Duration poll) {
		return new ProcessRuns(this.engine, new FixedPollInterval(poll), this.timeout, this.jobExceptionsFail,
				this.meanwhile);
	}

	/**
	 * The same, also failing on a job of the instance that failed and is still retrying:
	 * its message at once rather than after the back-off.
	 */
	public ProcessRuns failingOnJobExceptions() {
		return new ProcessRuns(this.engine, this.poll, this.timeout, true, this.meanwhile);
	}

	/**
	 * The same, doing {@code operator} at each look while waiting (e.g. a user task of a
	 * called process that is not the test's subject).
	 */
	public ProcessRuns meanwhile(Runnable operator) {
		return new ProcessRuns(this.engine, this.poll, this.timeout, this.jobExceptionsFail, operator);
	}

	/** What {@link #run} answers: the instance, its variables at the end, how long. */
	public record Run(String id, Map<String, Object> variables, Duration took) {
	}

	/** Starts the latest version of {@code key}; answers the instance's id. */
	public String start(String key, String businessKey, Map<String, Object> variables) {
		return this.engine.getRuntimeService().startProcessInstanceByKey(key, businessKey, variables).getId();
	}

	public String start(String key, Map<String, Object> variables) {
		return start(key, null, variables);
	}

	/** Starts, waits for the end and answers the variables. */
	public Run run(String key, String businessKey, Map<String, Object> variables) {
		Instant start = Instant.now();
		String id = start(key, businessKey, variables);
		awaitEnd(id);
		Duration took = Duration.between(start, Instant.now());
		return new Run(id, variables(id), took);
	}

	/** The instance's open user task of that key, or null. */
	public Task task(String id, String taskKey) {
		return this.engine.getTaskService()
			.createTaskQuery()
			.processInstanceId(id)
			.taskDefinitionKey(taskKey)
			.singleResult();
	}

	public Task awaitTask(String id, String taskKey) {
		return until(id, "user task " + taskKey, () -> task(id, taskKey), task -> task != null);
	}

	/** The instance of {@code key} that instance {@code id} calls, once it does. */
	public String awaitCalled(String id, String key) {
		return until(id, "its call of " + key, () -> called(id, key), called -> called != null);
	}

	private String called(String id, String key) {
		ProcessInstance called = this.engine.getRuntimeService()
			.createProcessInstanceQuery()
			.superProcessInstanceId(id)
			.processDefinitionKey(key)
			.singleResult();
		return (called != null) ? called.getId() : null;
	}

	/**
	 * The plan review a phase started on its own shows first: plan-preview's 'Review the
	 * plan', in the instance phase {@code id} calls.
	 */
	public Task awaitPlanReview(String id) {
		return awaitTask(awaitCalled(id, "plan-preview"), "review-plan");
	}

	/** Approves the plan a phase started on its own shows first. */
	public void approvePlan(String id) {
		Task review = awaitPlanReview(id);
		Object blocked = this.engine.getTaskService().getVariable(review.getId(), "planBlocked");
		assertThat(blocked)
			.as("the plan of %s is blocked, so it cannot be approved:%n%s", id,
					this.engine.getTaskService().getVariable(review.getId(), "planTable"))
			.isNotEqualTo(true);
		complete(review, Map.of("planDecision", "approve"));
	}

	public void complete(Task task, Map<String, Object> variables) {
		this.engine.getTaskService().complete(task.getId(), variables);
	}

	/** Until the instance has ended, at any end event. */
	public void awaitEnd(String id) {
		until(id, "its end", () -> ended(id), Boolean.TRUE::equals);
	}

	/** Until the instance has ended, which must be at {@code endEvent}. */
	public void awaitEnd(String id, String endEvent) {
		awaitEnd(id);
		assertThat(passed(id, endEvent)).as("%s ended at %s", id, endEvent).isTrue();
	}

	/** Until each of the activities of the instance has finished at least once. */
	public void awaitFinished(String id, String... activityIds) {
		until(id, List.of(activityIds) + " to finish",
				() -> activities(id, activityIds).stream()
					.filter(activity -> activity.getEndTime() != null)
					.map(HistoricActivityInstance::getActivityId)
					.distinct()
					.count() == activityIds.length,
				Boolean.TRUE::equals);
	}

	/**
	 * Until the instance, or a process it called, has an incident, which must be its only
	 * one: answers where it happened (the root cause, not the call activity above it).
	 */
	public Incident awaitIncident(String id) {
		List<Incident> incidents = waitFor(id, "an incident", () -> incidents(id), found -> !found.isEmpty(), false);
		assertThat(incidents).as("incidents of %s", id).hasSize(1);
		return rootCause(incidents.get(0));
	}

	private boolean ended(String id) {
		return this.engine.getHistoryService()
			.createHistoricProcessInstanceQuery()
			.processInstanceId(id)
			.finished()
			.count() == 1;
	}

	/** Every variable of the instance (all its scopes), as history has it. */
	public Map<String, Object> variables(String id) {
		Map<String, Object> variables = new HashMap<>();
		for (HistoricVariableInstance v : this.engine.getHistoryService()
			.createHistoricVariableInstanceQuery()
			.processInstanceId(id)
			.list()) {
			variables.put(v.getName(), v.getValue());
		}
		return variables;
	}

	/** The variable as history has it, or null. */
	public Object variable(String id, String name) {
		HistoricVariableInstance variable = this.engine.getHistoryService()
			.createHistoricVariableInstanceQuery()
			.processInstanceId(id)
			.variableName(name)
			.singleResult();
		return (variable != null) ? variable.getValue() : null;
	}

	/** Whether the instance reached the activity (started it, finished or not). */
	public boolean passed(String id, String activityId) {
		return this.engine.getHistoryService()
			.createHistoricActivityInstanceQuery()
			.processInstanceId(id)
			.activityId(activityId)
			.count() > 0;
	}

	/** The instance's activity instances of the given ids, in the order they started. */
	public List<HistoricActivityInstance> activities(String id, String... activityIds) {
		List<String> wanted = List.of(activityIds);
		return this.engine.getHistoryService()
			.createHistoricActivityInstanceQuery()
			.processInstanceId(id)
			.orderByHistoricActivityInstanceStartTime()
			.asc()
			.orderPartiallyByOccurrence()
			.asc()
			.list()
			.stream()
			.filter(activity -> wanted.contains(activity.getActivityId()))
			.toList();
	}

	/**
	 * Every instance of the business key: the ones a test started and the ones they
	 * called (call activities hand the business key on).
	 */
	public List<String> instances(String businessKey) {
		return this.engine.getHistoryService()
			.createHistoricProcessInstanceQuery()
			.processInstanceBusinessKey(businessKey)
			.list()
			.stream()
			.map(p -> p.getId())
			.toList();
	}

	/** The instance of {@code key} started last, e.g. one a call activity started. */
	public String last(String key) {
		return this.engine.getHistoryService()
			.createHistoricProcessInstanceQuery()
			.processDefinitionKey(key)
			.orderByProcessInstanceStartTime()
			.desc()
			.list()
			.get(0)
			.getId();
	}

	private <T> T until(String id, String what, Callable<T> value, Predicate<T> done) {
		return waitFor(id, what, value, done, true);
	}

	private <T> T waitFor(String id, String what, Callable<T> value, Predicate<T> done, boolean failOnIncident) {
		try {
			return await().atMost(this.timeout).pollDelay(Duration.ZERO).pollInterval(this.poll).until(() -> {
				if (failOnIncident) {
					noIncidents(id);
				}
				this.meanwhile.run();
				return value.call();
			}, done);
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError(
					"waited " + this.timeout + " for " + what + " of " + id + "; still running: " + running(), ex);
		}
	}

	private void noIncidents(String id) {
		assertThat(incidents(id)).as("incidents of %s and the processes it called", id)
			.extracting(this::rootCause)
			.extracting(i -> i.getProcessDefinitionId() + " " + i.getActivityId() + ": " + i.getIncidentMessage())
			.isEmpty();
		if (this.jobExceptionsFail) {
			this.engine.getManagementService()
				.createJobQuery()
				.processInstanceId(id)
				.withException()
				.list()
				.stream()
				// two transactions on one row: the job executor runs the job again, as
				// it does in production
				.filter(job -> !String.valueOf(job.getExceptionMessage()).startsWith("ENGINE-03005"))
				.forEach(job -> assertThat(job.getExceptionMessage()).as("job exception").isNull());
		}
	}

	/**
	 * The instance's incidents: its own and, one per incident below, those Camunda raised
	 * on its call activities.
	 */
	private List<Incident> incidents(String id) {
		return this.engine.getRuntimeService().createIncidentQuery().processInstanceId(id).list();
	}

	/** Where it happened: an incident on a call activity has no message of its own. */
	private Incident rootCause(Incident incident) {
		if (incident.getRootCauseIncidentId() == null || incident.getRootCauseIncidentId().equals(incident.getId())) {
			return incident;
		}
		Incident root = this.engine.getRuntimeService()
			.createIncidentQuery()
			.incidentId(incident.getRootCauseIncidentId())
			.singleResult();
		return (root != null) ? root : incident;
	}

	/** The activities still running in the engine, for messages. */
	private String running() {
		return this.engine.getHistoryService()
			.createHistoricActivityInstanceQuery()
			.unfinished()
			.list()
			.stream()
			.map(a -> a.getProcessDefinitionKey() + "/" + a.getActivityId())
			.sorted()
			.toList()
			.toString();
	}

}
