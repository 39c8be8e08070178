package org.homelab.rollout.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.camunda.bpm.engine.impl.Page;
import org.camunda.bpm.engine.impl.ProcessDefinitionQueryImpl;
import org.camunda.bpm.engine.impl.RepositoryServiceImpl;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.ProcessInstance;

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

	/** A service task's external-task topic, as Camunda Modeler writes it. */
	private static final Pattern TOPIC = Pattern.compile("camunda:topic=\"([^\"$#{}]+)\"");

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
		for (ProcessDefinition definition : definitions(
				(ProcessDefinitionQueryImpl) new ProcessDefinitionQueryImpl().latestVersion())) {
			processes.add(definition.getKey());
			topics.addAll(topics(definition));
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

	/**
	 * The definitions the query finds, asked of the engine's table as IdentityBootstrap
	 * does: the query's list() parses every model into the model cache.
	 */
	private List<ProcessDefinition> definitions(ProcessDefinitionQueryImpl query) {
		return ((RepositoryServiceImpl) this.repository).getCommandExecutor()
			.execute(context -> context.getProcessDefinitionManager()
				.findProcessDefinitionsByQueryCriteria(query, new Page(0, Integer.MAX_VALUE))
				.stream()
				.map(ProcessDefinition.class::cast)
				.toList());
	}

	/**
	 * The external-task topics of a model, read from its XML as deployed: the BPMN model
	 * API would put every model into the engine's model cache at start-up (some 10 MB
	 * resident nothing else needs until Cockpit lists the processes; docs/startup.md).
	 */
	private List<String> topics(ProcessDefinition definition) {
		try (InputStream xml = this.repository.getResourceAsStream(definition.getDeploymentId(),
				definition.getResourceName())) {
			Matcher topic = TOPIC.matcher(new String(xml.readAllBytes(), StandardCharsets.UTF_8));
			List<String> topics = new ArrayList<>();
			while (topic.find()) {
				topics.add(topic.group(1));
			}
			return topics;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
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
		// one query for the keys: getProcessDefinition(id) would fetch the deployed
		// definition one at a time
		definitions(new ProcessDefinitionQueryImpl())
			.forEach(definition -> keys.put(definition.getId(), definition.getKey()));
		Function<String, String> key = id -> keys.getOrDefault(id, id);
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
