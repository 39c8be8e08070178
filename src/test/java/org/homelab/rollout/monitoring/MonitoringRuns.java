package org.homelab.rollout.monitoring;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.runtime.Incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Starts a model with a business key, waits for its end (failing on an incident) and
 * returns its variables.
 */
public record MonitoringRuns(RuntimeService runtime, HistoryService history, ManagementService management) {

	static final Duration TIMEOUT = Duration.ofSeconds(90);

	public record Run(String id, Map<String, Object> variables, Duration took) {
	}

	public Run run(String key, String businessKey, Map<String, Object> variables) {
		Instant start = Instant.now();
		String id = this.runtime.startProcessInstanceByKey(key, businessKey, variables).getId();
		await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(20)).until(() -> {
			List<Incident> incidents = this.runtime.createIncidentQuery()
				.incidentTimestampAfter(java.util.Date.from(start.minusSeconds(1)))
				.list();
			assertThat(incidents).as("incidents").extracting(Incident::getIncidentMessage).isEmpty();
			return this.history.createHistoricProcessInstanceQuery().processInstanceId(id).finished().count() == 1;
		});
		Duration took = Duration.between(start, Instant.now());
		Map<String, Object> values = new HashMap<>();
		for (HistoricVariableInstance v : this.history.createHistoricVariableInstanceQuery()
			.processInstanceId(id)
			.list()) {
			values.put(v.getName(), v.getValue());
		}
		return new Run(id, values, took);
	}

	boolean passed(String processInstanceId, String activity) {
		return this.history.createHistoricActivityInstanceQuery()
			.processInstanceId(processInstanceId)
			.activityId(activity)
			.count() > 0;
	}

}
