package org.homelab.rollout.recovery;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.homelab.rollout.RolloutApplication;
import org.homelab.rollout.support.PostgresServer;
import org.homelab.rollout.waiting.Check;
import org.homelab.rollout.waiting.Look;
import org.homelab.rollout.waiting.WaitCondition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node that died left a job and a wait locked in its name for a day (as a crash mid-job
 * or mid-look leaves them for the lock's duration): restarted under the same id it runs
 * them within seconds; a peer releases them once the dead node's heartbeat is stale, and
 * never while it is fresh. Each job runs once. On H2 and on PostgreSQL.
 */
class NodeRecoveryIntegrationTests {

	/** How many times the model's async step ran. */
	static final AtomicInteger stepRuns = new AtomicInteger();

	/** How many times the model's wait was looked at. */
	static final AtomicInteger looks = new AtomicInteger();

	/** Within this of its start a node must move again (the target is 15 s). */
	static final Duration RECOVERY = Duration.ofSeconds(15);

	static final Duration STALE_AFTER = Duration.ofSeconds(2);

	final List<String> observed = new ArrayList<>();

	@Test
	void onH2(@TempDir Path data) {
		recover("jdbc:h2:file:" + data.resolve("rollout") + ";DB_CLOSE_ON_EXIT=FALSE", "sa");
	}

	@Test
	void onPostgres() throws Exception {
		try (PostgresServer postgres = PostgresServer.start()) {
			recover(postgres.jdbcUrl(), postgres.user());
		}
	}

	private void recover(String url, String user) {
		stepRuns.set(0);
		looks.set(0);
		String job;
		String wait;
		try (ConfigurableApplicationContext first = start(url, user, "node-a")) {
			deployModels(first);
			job = lockedAs(first, "node-a", "recovery-job");
			wait = lockedAs(first, "node-a", "recovery-wait");
			// the locks hold while their owner lives: this node does not take them back
			await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
			assertThat(stepRuns).hasValue(0);
			assertThat(looks).hasValue(0);
		}
		// node-a "crashed" with both locked until tomorrow; it comes back as node-a
		Instant launched = Instant.now();
		try (ConfigurableApplicationContext second = start(url, user, "node-a")) {
			// from when it is up: how long the start-up itself takes is not this test's
			Instant restarted = Instant.now();
			this.observed.add("start-up: " + Duration.between(launched, restarted).toMillis() + " ms");
			ProcessEngine engine = second.getBean(ProcessEngine.class);
			awaitEnd(engine, job, restarted, "restart of the same node, a job");
			awaitEnd(engine, wait, restarted, "restart of the same node, a wait");
			assertThat(stepRuns).hasValue(1);
			assertThat(looks).hasValue(1);

			// a peer, node-b, died holding a job and a wait: stale heartbeat
			String peerJob = lockedAs(second, "node-b", "recovery-job");
			String peerWait = lockedAs(second, "node-b", "recovery-wait");
			Instant stale = heartbeat(second, "node-b", Instant.now().minus(STALE_AFTER.multipliedBy(5)));
			awaitEnd(engine, peerJob, stale, "a stale peer's job");
			awaitEnd(engine, peerWait, stale, "a stale peer's wait");
			assertThat(stepRuns).hasValue(2);
			assertThat(looks).hasValue(2);
			assertThat(peers(second)).doesNotContain("node-b");

			// a second survivor, node-d, saw node-b stale too but releases late, when
			// node-a already runs what node-b left: it takes nothing from node-a
			String taken = lockedAs(second, "node-a", "recovery-job");
			heartbeat(second, "node-b", Instant.now().minus(STALE_AFTER.multipliedBy(5)));
			new Heartbeats(second.getBean(JdbcTemplate.class), new EngineNode("node-d"),
					second.getBean(EngineNodeProperties.class), second.getBean(ProcessEngineConfigurationImpl.class),
					second)
				.releaseStalePeers();
			assertThat(lockOwners(second, taken)).containsOnly("node-a");
			assertThat(stepRuns).hasValue(2);

			// node-c lives (its heartbeat is fresh): its locks are its own, longer than
			// the
			// stale threshold
			String liveJob = lockedAs(second, "node-c", "recovery-job");
			String liveWait = lockedAs(second, "node-c", "recovery-wait");
			heartbeat(second, "node-c", Instant.now().plus(Duration.ofHours(1)));
			await().pollDelay(STALE_AFTER.multipliedBy(2)).until(() -> true);
			assertThat(stepRuns).hasValue(2);
			assertThat(looks).hasValue(2);
			assertThat(lockOwners(second, liveJob)).containsOnly("node-c");
			assertThat(lockOwners(second, liveWait)).containsOnly("node-c");
			// then it beats one last time and dies: its work moves once it has been
			// silent
			// for peer-stale-after, not before
			Instant died = heartbeat(second, "node-c", Instant.now());
			awaitEnd(engine, liveJob, died, "a peer's job from its last heartbeat");
			assertThat(Duration.between(died, Instant.now())).isGreaterThanOrEqualTo(STALE_AFTER);
			awaitEnd(engine, liveWait, died, "a peer's wait from its last heartbeat");
			assertThat(stepRuns).hasValue(3);
			assertThat(looks).hasValue(3);
		}
		System.out.println("Recovery times (" + url.substring(0, url.indexOf(':', 5)) + "): " + this.observed);
	}

	private static ConfigurableApplicationContext start(String url, String user, String nodeId) {
		return new SpringApplicationBuilder(RolloutApplication.class, RecoveryModels.class)
			.profiles("rehearsal", "test")
			.run("--spring.datasource.url=" + url, "--spring.datasource.username=" + user,
					"--spring.datasource.password=", "--server.port=0", "--rollout.engine.node-id=" + nodeId,
					"--rollout.engine.heartbeat=200ms",
					"--rollout.engine.peer-stale-after=" + STALE_AFTER.toMillis() + "ms",
					// the poller finds the released wait without its periodic poll
					"--rollout.waits.poll-interval=1h");
	}

	private static void deployModels(ConfigurableApplicationContext context) {
		ProcessEngine engine = context.getBean(ProcessEngine.class);
		engine.getRepositoryService()
			.createDeployment()
			.addModelInstance("recovery-job.bpmn",
					Bpmn.createExecutableProcess("recovery-job")
						.camundaHistoryTimeToLive(1)
						.startEvent()
						.serviceTask("step")
						.camundaAsyncBefore()
						.camundaExpression("${recoveryStepRuns.incrementAndGet()}")
						.endEvent()
						.done())
			.addModelInstance("recovery-wait.bpmn",
					Bpmn.createExecutableProcess("recovery-wait")
						.camundaHistoryTimeToLive(1)
						.startEvent()
						.serviceTask("wait")
						.camundaExternalTask("recovery-test")
						.endEvent()
						.done())
			.deploy();
	}

	/**
	 * Starts the model and, before anyone else can see its job or wait, locks them as
	 * {@code owner} until tomorrow: what a node that died mid-work leaves.
	 */
	private static String lockedAs(ConfigurableApplicationContext context, String owner, String key) {
		ProcessEngine engine = context.getBean(ProcessEngine.class);
		JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
		Timestamp tomorrow = Timestamp.from(Instant.now().plus(Duration.ofDays(1)));
		return new TransactionTemplate(context.getBean(PlatformTransactionManager.class)).execute(tx -> {
			String id = engine.getRuntimeService().startProcessInstanceByKey(key).getId();
			int locked = jdbc.update(
					"update ACT_RU_JOB set LOCK_OWNER_ = ?, LOCK_EXP_TIME_ = ? " + "where PROCESS_INSTANCE_ID_ = ?",
					owner, tomorrow, id)
					+ jdbc.update("update ACT_RU_EXT_TASK set WORKER_ID_ = ?, LOCK_EXP_TIME_ = ? "
							+ "where PROC_INST_ID_ = ?", owner, tomorrow, id);
			assertThat(locked).as("locked rows of " + key).isEqualTo(1);
			return id;
		});
	}

	/** The node's row as the heartbeat writes it, stamped {@code at}. */
	private static Instant heartbeat(ConfigurableApplicationContext context, String node, Instant at) {
		JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
		jdbc.update("delete from " + Heartbeats.TABLE + " where NODE_ID_ = ?", node);
		jdbc.update("insert into " + Heartbeats.TABLE + " (NODE_ID_, INCARNATION_, BEATS_, BEAT_) values (?, ?, 7, ?)",
				node, "test", OffsetDateTime.ofInstant(at, java.time.ZoneOffset.UTC));
		return Instant.now();
	}

	private static List<String> peers(ConfigurableApplicationContext context) {
		return context.getBean(JdbcTemplate.class)
			.queryForList("select NODE_ID_ from " + Heartbeats.TABLE, String.class);
	}

	private static List<String> lockOwners(ConfigurableApplicationContext context, String instance) {
		JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
		List<String> owners = new ArrayList<>(jdbc
			.queryForList("select LOCK_OWNER_ from ACT_RU_JOB where PROCESS_INSTANCE_ID_ = ?", String.class, instance));
		owners.addAll(jdbc.queryForList("select WORKER_ID_ from ACT_RU_EXT_TASK where PROC_INST_ID_ = ?", String.class,
				instance));
		return owners;
	}

	private void awaitEnd(ProcessEngine engine, String instance, Instant since, String what) {
		await().atMost(RECOVERY.minus(Duration.between(since, Instant.now())))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> engine.getHistoryService()
				.createHistoricProcessInstanceQuery()
				.processInstanceId(instance)
				.finished()
				.count() == 1);
		this.observed.add(what + ": " + Duration.between(since, Instant.now()).toMillis() + " ms");
	}

	/** The test's own beans, given to the application as a source (not scanned). */
	static class RecoveryModels {

		@Bean
		AtomicInteger recoveryStepRuns() {
			return stepRuns;
		}

		@Bean
		WaitCondition recoveryTestWait() {
			return new WaitCondition() {
				@Override
				public String topic() {
					return "recovery-test";
				}

				@Override
				public Set<String> variables() {
					return Set.of();
				}

				@Override
				public Check check(Look look) {
					looks.incrementAndGet();
					return Check.done(Map.of());
				}
			};
		}

	}

}
