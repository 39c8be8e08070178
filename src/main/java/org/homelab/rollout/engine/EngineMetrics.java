package org.homelab.rollout.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * What the engine is doing, on {@code /actuator/prometheus} for the engine dashboard
 * (deploy/grafana/dashboards/engine.json): {@code homelab_rollout_runs{process}} root
 * process instances running, {@code homelab_rollout_incidents{process}} open incidents,
 * {@code homelab_rollout_external_tasks{topic}} waits open and
 * {@code homelab_rollout_external_task_oldest_seconds{topic}} how long the oldest has
 * waited. One gauge per deployed process and per topic of its models, registered once the
 * models are deployed; a scrape reads the engine's tables at most once in {@link #FRESH}.
 */
@Component
class EngineMetrics {

	static final String RUNS = "homelab_rollout_runs";

	static final String INCIDENTS = "homelab_rollout_incidents";

	static final String WAITS = "homelab_rollout_external_tasks";

	static final String OLDEST_WAIT = "homelab_rollout_external_task_oldest_seconds";

	/** Prometheus scrapes every 15 s: one look at the tables serves every gauge of it. */
	static final Duration FRESH = Duration.ofSeconds(5);

	private final MeterRegistry registry;

	private final RepositoryService repository;

	private final RuntimeService runtime;

	private final ExternalTaskService externalTasks;

	private volatile Snapshot snapshot = new Snapshot(Instant.EPOCH, Map.of(), Map.of(), Map.of(), Map.of());

	EngineMetrics(MeterRegistry registry, RepositoryService repository, RuntimeService runtime,
			ExternalTaskService externalTasks) {
		this.registry = registry;
		this.repository = repository;
		this.runtime = runtime;
		this.externalTasks = externalTasks;
	}

	@EventListener(ApplicationReadyEvent.class)
	void register() {
		TreeSet<String> processes = new TreeSet<>();
		TreeSet<String> topics = new TreeSet<>();
		for (ProcessDefinition definition : this.repository.createProcessDefinitionQuery().latestVersion().list()) {
			processes.add(definition.getKey());
			this.repository.getBpmnModelInstance(definition.getId())
				.getModelElementsByType(ServiceTask.class)
				.stream()
				.map(ServiceTask::getCamundaTopic)
				.filter(topic -> topic != null && !topic.isBlank())
				.forEach(topics::add);
		}
		for (String process : processes) {
			gauge(RUNS, "Root process instances running (rollouts, phases, checks started on their own)", "process",
					process, s -> s.runs().getOrDefault(process, 0L));
			gauge(INCIDENTS,
					"Open incidents of the process's instances: a step failed for good and waits for a " + "person",
					"process", process, s -> s.incidents().getOrDefault(process, 0L));
		}
		for (String topic : topics) {
			gauge(WAITS, "External tasks open: waits the engine's poller is looking at", "topic", topic,
					s -> s.waits().getOrDefault(topic, 0L));
			gauge(OLDEST_WAIT, "How long the oldest open external task of the topic has waited", "topic", topic,
					s -> s.oldestWait().getOrDefault(topic, 0.0));
		}
	}

	private void gauge(String name, String description, String tag, String value, Function<Snapshot, Number> reading) {
		Gauge.builder(name, this, metrics -> reading.apply(metrics.current()).doubleValue())
			.description(description)
			.tag(tag, value)
			.register(this.registry);
	}

	private Snapshot current() {
		Snapshot current = this.snapshot;
		if (current.taken().plus(FRESH).isAfter(Instant.now())) {
			return current;
		}
		synchronized (this) {
			if (this.snapshot.taken().plus(FRESH).isAfter(Instant.now())) {
				return this.snapshot;
			}
			this.snapshot = take();
			return this.snapshot;
		}
	}

	private Snapshot take() {
		Map<String, String> keys = new HashMap<>();
		Function<String, String> key = id -> keys.computeIfAbsent(id,
				definition -> this.repository.getProcessDefinition(definition).getKey());
		Map<String, Long> runs = new HashMap<>();
		for (ProcessInstance run : this.runtime.createProcessInstanceQuery().rootProcessInstances().list()) {
			runs.merge(key.apply(run.getProcessDefinitionId()), 1L, Long::sum);
		}
		Map<String, Long> incidents = new HashMap<>();
		for (Incident incident : this.runtime.createIncidentQuery().list()) {
			if (incident.getProcessDefinitionId() != null) {
				incidents.merge(key.apply(incident.getProcessDefinitionId()), 1L, Long::sum);
			}
		}
		Map<String, Long> waits = new HashMap<>();
		Map<String, Double> oldest = new HashMap<>();
		Instant now = Instant.now();
		for (ExternalTask task : this.externalTasks.createExternalTaskQuery().list()) {
			waits.merge(task.getTopicName(), 1L, Long::sum);
			Date created = task.getCreateTime();
			if (created != null) {
				oldest.merge(task.getTopicName(), Duration.between(created.toInstant(), now).toMillis() / 1000.0,
						Math::max);
			}
		}
		return new Snapshot(now, runs, incidents, waits, oldest);
	}

	private record Snapshot(Instant taken, Map<String, Long> runs, Map<String, Long> incidents, Map<String, Long> waits,
			Map<String, Double> oldestWait) {
	}

}
