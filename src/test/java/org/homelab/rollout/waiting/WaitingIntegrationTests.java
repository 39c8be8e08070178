package org.homelab.rollout.waiting;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A wait holds no thread: the run sits at an external task, visible with what it waits
 * for, until the poller sees.
 */
// a poll interval far longer than any test here: new waits, put-off waits and retries are
// looked at when due anyway
@SpringBootTest(properties = { "rollout.waits.poll-interval=20s", "rollout.waits.initial-backoff=20ms",
		"rollout.waits.max-backoff=100ms", "rollout.waits.retries=2", "rollout.waits.retry-backoff=50ms",
		"rollout.waits.sweep=100ms", "rollout.waits.deadlines[test-wait\\ overdue]=500ms" })
@ActiveProfiles({ "rehearsal", "test" })
class WaitingIntegrationTests {

	static final AtomicReference<Check> answer = new AtomicReference<>();

	static final AtomicInteger looks = new AtomicInteger();

	static final AtomicReference<Object> since = new AtomicReference<>();

	static final AtomicReference<Map<String, Object>> seen = new AtomicReference<>();

	static final AtomicInteger remembered = new AtomicInteger();

	/** Every other look fails, as a look at a system failing one call in two would. */
	static final AtomicBoolean flaky = new AtomicBoolean();

	@Autowired
	RuntimeService runtime;

	@Autowired
	ExternalTaskService externalTasks;

	@Autowired
	ManagementService management;

	@Autowired
	HistoryService history;

	@Autowired
	ExternalTaskPoller poller;

	@Autowired
	JdbcTemplate jdbc;

	@BeforeEach
	void reset() {
		looks.set(0);
		remembered.set(0);
		flaky.set(false);
	}

	@Test
	void runWaitsAtTheExternalTaskShowingWhatItWaitsForThenContinues() {
		answer.set(Check.waiting("test task UPID:x still running"));
		ProcessInstance instance = this.runtime.startProcessInstanceByKey("wait-test");
		await().atMost(Duration.ofSeconds(10)).until(() -> looks.get() >= 3);
		ExternalTask waiting = this.externalTasks.createExternalTaskQuery()
			.processInstanceId(instance.getId())
			.singleResult();
		assertThat(waiting.getActivityId()).isEqualTo("wait-for-condition");
		assertThat(waiting.getTopicName()).isEqualTo("test-wait");
		assertThat(this.runtime.getVariable(waiting.getExecutionId(), ExternalTaskPoller.WAITING_FOR))
			.isEqualTo("test task UPID:x still running");
		assertThat(this.management.createJobQuery().processInstanceId(instance.getId()).count()).isZero();

		answer.set(Check.done(Map.of("address", "127.0.10.21")));
		await().atMost(Duration.ofSeconds(10)).until(() -> ended(instance, "ended"));
		assertThat(this.history.createHistoricVariableInstanceQuery()
			.processInstanceId(instance.getId())
			.variableName("address")
			.singleResult()
			.getValue()).isEqualTo("127.0.10.21");
	}

	@Test
	void aNewWaitIsLookedAtAtOnceNotAtTheNextPoll() {
		answer.set(Check.waiting("something"));
		ProcessInstance instance = this.runtime.startProcessInstanceByKey("wait-test");
		await().atMost(Duration.ofSeconds(1)).until(() -> looks.get() >= 1);
		answer.set(Check.done(Map.of()));
		await().atMost(Duration.ofSeconds(10)).until(() -> ended(instance, "ended"));
	}

	@Test
	void backOffSpacesTheLooks() {
		answer.set(Check.waiting("slow"));
		ProcessInstance instance = this.runtime.startProcessInstanceByKey("wait-test");
		await().atMost(Duration.ofSeconds(10)).until(() -> looks.get() >= 2);
		int early = looks.get();
		await().pollDelay(Duration.ofMillis(1000)).until(() -> true);
		// 20, 40, 80, 100, 100 … ms apart: about a dozen looks a second
		assertThat(looks.get() - early).isBetween(5, 20);
		// let it end on its own: deleting it would race the poller extending its lock
		answer.set(Check.done(Map.of()));
		await().atMost(Duration.ofSeconds(10)).until(() -> ended(instance, "ended"));
	}

	@Test
	void aConditionThatSaysWhenTheSystemWillBeDoneIsLookedAtThenNotByBackOff() {
		// the back-off would look every 20..100 ms; the system says it is done in 400 ms
		answer.set(Check.waiting("slow, but known", Duration.ofMillis(400)));
		ProcessInstance instance = this.runtime.startProcessInstanceByKey("wait-test");
		await().atMost(Duration.ofSeconds(10)).until(() -> looks.get() >= 1);
		int first = looks.get();
		await().pollDelay(Duration.ofMillis(1000)).until(() -> true);
		assertThat(looks.get() - first).isBetween(1, 3);
		answer.set(Check.done(Map.of()));
		await().atMost(Duration.ofSeconds(10)).until(() -> ended(instance, "ended"));
	}

	@Test
	void aHintShorterThanThePollIntervalIsLookedAtWhenItsLockExpiresNotAtTheNextRound() {
		// 30 ms hints with a 20 s poll interval: about 30 looks a second, paced by the
		// hint
		answer.set(Check.waiting("soon", Duration.ofMillis(30)));
		ProcessInstance instance = this.runtime.startProcessInstanceByKey("wait-test");
		await().atMost(Duration.ofSeconds(10)).until(() -> looks.get() >= 1);
		int first = looks.get();
		await().pollDelay(Duration.ofMillis(1000)).until(() -> true);
		assertThat(looks.get() - first).isBetween(15, 34);
		answer.set(Check.done(Map.of()));
		await().atMost(Duration.ofSeconds(10)).until(() -> ended(instance, "ended"));
	}

	@Test
	void everyLookIsToldWhenTheWaitBeganAsTheEngineRecordedIt() {
		answer.set(Check.waiting("something"));
		ProcessInstance instance = this.runtime.startProcessInstanceByKey("wait-test");
		await().atMost(Duration.ofSeconds(10)).until(() -> looks.get() >= 3);
		ExternalTask waiting = this.externalTasks.createExternalTaskQuery()
			.processInstanceId(instance.getId())
			.singleResult();
		assertThat(since.get()).isEqualTo(waiting.getCreateTime().toInstant());
		answer.set(Check.done(Map.of()));
		await().atMost(Duration.ofSeconds(10)).until(() -> ended(instance, "ended"));
	}

	@Test
	void aLookFetchesOnlyTheVariablesItsConditionDeclaresAndKeepsItsMemoryBetweenLooks() {
		answer.set(Check.waiting("something"));
		ProcessInstance instance = this.runtime.startProcessInstanceByKey("wait-test",
				Map.of("declared", "yes", "undeclared", "a large document the wait has no business reading"));
		await().atMost(Duration.ofSeconds(10)).until(() -> looks.get() >= 3);
		assertThat(seen.get()).containsEntry("declared", "yes")
			.doesNotContainKey("undeclared")
			.doesNotContainKey(ExternalTaskPoller.WAITING_FOR);
		// each look remembered the count of the looks before it: the memory reached the
		// next look
		assertThat(remembered.get()).isGreaterThanOrEqualTo(2);
		answer.set(Check.done(Map.of()));
		await().atMost(Duration.ofSeconds(10)).until(() -> ended(instance, "ended"));
	}

	@Test
	void aVariableSetToNullIsLookedAtAsAbsent() {
		answer.set(Check.waiting("something"));
		Map<String, Object> variables = new HashMap<>();
		variables.put("declared", null);
		ProcessInstance instance = this.runtime.startProcessInstanceByKey("wait-test", variables);
		await().atMost(Duration.ofSeconds(10)).until(() -> looks.get() >= 2);
		assertThat(seen.get().get("declared")).isNull();
		assertThat(this.runtime.createIncidentQuery().processInstanceId(instance.getId()).count()).isZero();
		answer.set(Check.done(Map.of()));
		await().atMost(Duration.ofSeconds(10)).until(() -> ended(instance, "ended"));
	}

	@Test
	void aCheckWithoutAMessageCannotBreakThePoller() {
		answer.set(new Check(Check.State.WAITING, null, null, null, null));
		ProcessInstance instance = this.runtime.startProcessInstanceByKey("wait-test");
		await().atMost(Duration.ofSeconds(10)).until(() -> looks.get() >= 3);
		ExternalTask waiting = this.externalTasks.createExternalTaskQuery()
			.processInstanceId(instance.getId())
			.singleResult();
		assertThat(this.runtime.getVariable(waiting.getExecutionId(), ExternalTaskPoller.WAITING_FOR))
			.isEqualTo("(the wait gave no detail)");
		assertThat(this.runtime.createIncidentQuery().processInstanceId(instance.getId()).count()).isZero();
		answer.set(Check.done(Map.of()));
		await().atMost(Duration.ofSeconds(10)).until(() -> ended(instance, "ended"));
	}

	@Test
	void whatIsKeptOfACancelledWaitIsDropped() {
		answer.set(Check.waiting("forever"));
		ProcessInstance instance = this.runtime.startProcessInstanceByKey("wait-test");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.poller.tracked() >= 1);
		this.runtime.deleteProcessInstance(instance.getId(), "cancelled in Cockpit");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.poller.tracked() == 0);
	}

	@Test
	void thePollerLearnsHowLongAKindOfWaitTookAndKeepsItInTheDatabase() {
		this.jdbc.update("DELETE FROM " + WaitDurationStore.TABLE + " WHERE KIND_ = 'test-wait'");
		answer.set(Check.waiting("a while"));
		ProcessInstance instance = this.runtime.startProcessInstanceByKey("wait-test");
		await().atMost(Duration.ofSeconds(10)).until(() -> looks.get() >= 3);
		answer.set(Check.done(Map.of()));
		await().atMost(Duration.ofSeconds(10)).until(() -> ended(instance, "ended"));
		Long took = this.jdbc.queryForObject(
				"SELECT MAX(TOOK_MS_) FROM " + WaitDurationStore.TABLE + " WHERE KIND_ = 'test-wait'", Long.class);
		long lasted = this.history.createHistoricActivityInstanceQuery()
			.processInstanceId(instance.getId())
			.activityId("wait-for-condition")
			.singleResult()
			.getDurationInMillis();
		assertThat(took).isNotNull().isPositive().isLessThanOrEqualTo(lasted);
	}

	@Test
	void aTopicServedTwiceFailsStartUpNamingBothBeans() {
		WaitCondition one = new TestCondition().testWait();
		WaitCondition two = new TestCondition().testWait();
		assertThatThrownBy(
				() -> ExternalTaskPoller.byTopic(new LinkedHashMap<>(Map.of("cloneWait", one, "copyWait", two))))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContainingAll("'test-wait'", "'cloneWait'", "'copyWait'");
	}

	@Test
	void bpmnErrorLeadsTheModelToItsErrorPath() {
		answer.set(Check.bpmnError("TEST_FAILED", "task ended with exitstatus 'clone failed'"));
		ProcessInstance instance = this.runtime.startProcessInstanceByKey("wait-test");
		await().atMost(Duration.ofSeconds(10)).until(() -> ended(instance, "ended-in-error"));
	}

	@Test
	void failingLookIsRetriedThenBecomesAnIncidentWithItsMessage() {
		answer.set(null);
		ProcessInstance instance = this.runtime.startProcessInstanceByKey("wait-test");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.runtime.createIncidentQuery().processInstanceId(instance.getId()).count() == 1);
		Incident incident = this.runtime.createIncidentQuery().processInstanceId(instance.getId()).singleResult();
		assertThat(incident.getIncidentMessage()).contains("Proxmox VE answered 500");
		assertThat(looks.get()).isEqualTo(3);
		this.runtime.deleteProcessInstance(instance.getId(), "test over");
	}

	@Test
	void failedLooksBetweenAnsweredOnesNeverAddUpToAnIncident() {
		// retries=2: four failed looks in all, never two in a row
		flaky.set(true);
		answer.set(Check.waiting("slow, behind a flaky API"));
		ProcessInstance instance = this.runtime.startProcessInstanceByKey("wait-test");
		await().atMost(Duration.ofSeconds(10)).until(() -> looks.get() >= 8);
		assertThat(this.runtime.createIncidentQuery().processInstanceId(instance.getId()).count()).isZero();
		flaky.set(false);
		answer.set(Check.done(Map.of()));
		await().atMost(Duration.ofSeconds(10)).until(() -> ended(instance, "ended"));
	}

	@Test
	void permanentFailureBecomesAnIncidentAtOnce() {
		answer.set(Check.failed("Helm Job helm-install-x failed: Error: INSTALLATION FAILED"));
		ProcessInstance instance = this.runtime.startProcessInstanceByKey("wait-test");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.runtime.createIncidentQuery().processInstanceId(instance.getId()).count() == 1);
		assertThat(looks.get()).isEqualTo(1);
		assertThat(this.runtime.createIncidentQuery()
			.processInstanceId(instance.getId())
			.singleResult()
			.getIncidentMessage()).contains("INSTALLATION FAILED");
		this.runtime.deleteProcessInstance(instance.getId(), "test over");
	}

	/**
	 * Without a deadline this wait would look for ever: past it, an incident says what it
	 * waited for, since when, which setting, and what to check; no look after that.
	 */
	@Test
	void aWaitUnmetPastItsDeadlineBecomesAnIncidentSayingWhatItWaitedForAndWhatToCheck() {
		answer.set(Check.waiting("Vault to listen at https://127.0.10.22:8200"));
		ProcessInstance instance = this.runtime.startProcessInstanceByKey("wait-test", Map.of("declared", "overdue"));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.runtime.createIncidentQuery().processInstanceId(instance.getId()).count() == 1);
		Incident incident = this.runtime.createIncidentQuery().processInstanceId(instance.getId()).singleResult();
		assertThat(incident.getActivityId()).isEqualTo("wait-for-condition");
		assertThat(incident.getIncidentMessage()).contains("for Vault to listen at https://127.0.10.22:8200")
			.contains("past the deadline of 0.5s (rollout.waits.deadlines[test-wait overdue])")
			.contains("test: look at the test's system")
			.contains("retry this incident");
		int looked = looks.get();
		await().pollDelay(Duration.ofMillis(300)).until(() -> true);
		assertThat(looks.get()).isEqualTo(looked);
		this.runtime.deleteProcessInstance(instance.getId(), "test over");
	}

	/**
	 * Each of the product's waits has a deadline of its own in application.yaml, chosen
	 * for what it waits for (the default is the backstop for a wait added without one).
	 */
	@Test
	void everyWaitOfTheProductHasADeadlineOfItsOwn(@Autowired List<WaitCondition> conditions,
			@Autowired WaitProperties properties) {
		List<String> topics = conditions.stream()
			.map(WaitCondition::topic)
			.filter(t -> !t.equals("test-wait"))
			.toList();
		assertThat(topics).contains("vault-listening", "prometheus-ready").hasSizeGreaterThan(10);
		assertThat(properties.deadlines()).containsKeys(topics.toArray(String[]::new));
		assertThat(properties.deadlineOf("vault-listening").after()).isEqualTo(Duration.ofMinutes(10));
		assertThat(properties.deadlineOf("prometheus-ready").after()).isEqualTo(Duration.ofMinutes(10));
	}

	@Test
	void waitsWithoutADeadlineOfTheirOwnGetTheDefault() {
		WaitProperties properties = new WaitProperties(Duration.ofSeconds(1), Duration.ofSeconds(1),
				Duration.ofSeconds(30), Duration.ofMinutes(5), 5, Duration.ofSeconds(10), Duration.ofSeconds(30),
				Map.of(), 1, 4,
				Map.of("vault-listening", Duration.ofMinutes(10), "proxmox-task qmclone", Duration.ofHours(2)),
				Duration.ofHours(1));
		assertThat(properties.deadlineOf("proxmox-task qmclone").after()).isEqualTo(Duration.ofHours(2));
		assertThat(properties.deadlineOf("vault-listening").after()).isEqualTo(Duration.ofMinutes(10));
		assertThat(properties.deadlineOf("proxmox-task qmstart"))
			.isEqualTo(new WaitProperties.Deadline(Duration.ofHours(1), "rollout.waits.deadline"));
	}

	private boolean ended(ProcessInstance instance, String endEvent) {
		return this.history.createHistoricActivityInstanceQuery()
			.processInstanceId(instance.getId())
			.activityId(endEvent)
			.count() == 1;
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class TestCondition {

		@Bean
		WaitCondition testWait() {
			return new WaitCondition() {
				@Override
				public String topic() {
					return "test-wait";
				}

				@Override
				public Set<String> variables() {
					return Set.of("declared");
				}

				@Override
				public String kind(Look look) {
					return "overdue".equals(look.optional("declared", String.class)) ? "overdue" : "";
				}

				@Override
				public String overdue(Look look) {
					return "test: look at the test's system.";
				}

				@Override
				public Check check(Look look) {
					looks.incrementAndGet();
					since.set(look.since());
					seen.set(look.variables());
					Integer before = look.remembered(Integer.class);
					remembered.set((before != null) ? before : 0);
					look.remember((before != null) ? before + 1 : 1);
					Check check = answer.get();
					if (check == null || (flaky.get() && looks.get() % 2 == 1)) {
						throw new IllegalStateException("Proxmox VE answered 500 to GET /nodes/pve/tasks/x/status");
					}
					return check;
				}
			};
		}

	}

}
