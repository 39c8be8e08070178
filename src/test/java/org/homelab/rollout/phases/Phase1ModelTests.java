package org.homelab.rollout.phases;

import java.io.File;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order Phase 1's model promises: each branch checks its own criteria, the gate waits
 * for all four and then the integration matrix, and Grafana's password step depends on
 * Grafana and a finished 1.2 but on nothing of Prometheus (so it runs during the
 * first-scrape wait, off the critical path).
 */
class Phase1ModelTests {

	static final BpmnModelInstance MODEL = Bpmn.readModelFromFile(new File("processes/phase-1-foundation.bpmn"));

	static final List<String> CRITERIA = List.of("check-prometheus-collecting", "check-alerting-rules",
			"check-grafana-operational", "check-vault-configured");

	@Test
	void theGateWaitsForAllFourCriteriaThenTheMatrixAndNothingElse() {
		FlowNode gate = node("approve-phase-1");
		assertThat(gate.getPreviousNodes().list()).extracting(FlowNode::getId)
			.containsExactly("check-integration-matrix");
		// the matrix is checked on every system the other criteria found up
		assertThat(node("check-integration-matrix").getPreviousNodes().list()).extracting(FlowNode::getId)
			.containsExactly("join-phase");
		assertThat(node("join-phase").getPreviousNodes().list()).extracting(FlowNode::getId)
			.containsExactlyInAnyOrderElementsOf(CRITERIA);
		assertThat(upstream("approve-phase-1")).contains("await-first-scrape", "connect-eso", "grafana-admin-to-vault");
	}

	@Test
	void eachCriterionIsCheckedOnceWhatItJudgesIsDone() {
		assertThat(upstream("check-prometheus-collecting")).contains("await-first-scrape");
		assertThat(upstream("check-alerting-rules")).contains("install-prometheus")
			.doesNotContain("await-first-scrape");
		assertThat(upstream("check-grafana-operational")).contains("grafana-admin-to-vault", "install-grafana");
		assertThat(upstream("check-vault-configured")).contains("set-up-vault", "connect-eso")
			.doesNotContain("install-prometheus", "install-grafana");
	}

	@Test
	void grafanasPasswordWaitsForGrafanaAndAFinished12ButNotForPrometheus() {
		assertThat(upstream("grafana-admin-to-vault")).contains("install-grafana", "set-up-vault", "connect-eso")
			.doesNotContain("provision-prometheus-vm", "install-prometheus", "await-first-scrape");
	}

	static FlowNode node(String id) {
		return MODEL.getModelElementById(id);
	}

	/** Every node a token passes on its way to {@code id}, along sequence flows. */
	static Set<String> upstream(String id) {
		Set<String> seen = new HashSet<>();
		Deque<FlowNode> next = new ArrayDeque<>(List.of(node(id)));
		while (!next.isEmpty()) {
			for (SequenceFlow flow : next.pop().getIncoming()) {
				if (seen.add(flow.getSource().getId())) {
					next.push(flow.getSource());
				}
			}
		}
		return seen;
	}

}
