package org.homelab.rollout.phases;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.camunda.bpm.engine.impl.persistence.entity.TimerEntity;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.homelab.rollout.monitoring.MonitoringClients;
import org.homelab.rollout.support.TestLabs;
import org.homelab.rollout.vault.EngineAccess;
import org.homelab.rollout.vault.PolicyDocument;
import org.homelab.rollout.vault.VaultPolicies;
import org.homelab.rollout.vault.VaultTargets;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The drift check (drift-check.bpmn) on the embedded lab after Phase 1 was approved: it
 * re-checks Phase 1's criteria with Phase 1's own checks and finds nothing; then
 * prometheus-node-exporter's HelmChart is deleted and a Vault policy of the rollout is
 * changed by hand, and the next check raises Drift found naming both criteria, since when
 * they were last seen met (by the first check), and the phase to run again, with their
 * gauges at 0.
 */
class DriftCheckIntegrationTests extends Phase1Context {

	static final String KEY = "drift-check";

	static final List<String> PHASE_1_CRITERIA = List.of("prometheusCollecting", "grafanaOperational",
			"vaultConfigured", "alertingTested", "integrationMatrix");

	static final Duration TIMEOUT = Duration.ofSeconds(90);

	@Autowired
	MeterRegistry meters;

	@Autowired
	VaultTargets vaults;

	@Autowired
	EngineAccess access;

	@Autowired
	VaultPolicies policies;

	@Autowired
	MonitoringClients monitoring;

	@Test
	void aCheckAfterPhase1FindsNothingThenADeletedReleaseAndAChangedPolicyAreDrift() {
		// the timer start event took the inventory's schedule (default every 6 h)
		Job timer = this.engine.getManagementService()
			.createJobQuery()
			.processDefinitionKey(KEY)
			.timers()
			.singleResult();
		assertThat(timer).isNotNull();
		assertThat(((TimerEntity) timer).getRepeat()).startsWith("R").endsWith("/PT6H");

		String foundation = this.phase1.start("drift-phase-1");
		this.phase1.decide(this.phase1.awaitGate(foundation), "approve");
		assertThat(this.phase1.awaitEnd(foundation)).isEqualTo("phase-1-done");

		String clean = this.runs.start(KEY, Map.of());
		this.runs.awaitEnd(clean, "no-drift-found");
		Map<String, Object> first = this.runs.variables(clean);
		assertThat(first).containsEntry("phase1Run", foundation)
			.containsEntry("driftFound", false)
			.containsEntry("phase2Run", null);
		for (String criterion : PHASE_1_CRITERIA) {
			assertThat(first).as("%s: %s", criterion, first.get(criterion + "Result"))
				.containsEntry(criterion + "Met", true);
			assertThat(gauge(criterion)).as(criterion).isEqualTo(1.0);
		}
		assertThat(this.runs.activities(clean, "ci-smoke-check", "check-gitops", "check-backups"))
			.as("the checks of phases not completed")
			.isEmpty();
		String vaultLastMet = ((String) first.get("criteriaLastMet")).lines()
			.filter(line -> line.startsWith("1/vaultConfigured="))
			.findFirst()
			.orElseThrow()
			.substring("1/vaultConfigured=".length());

		// drift: a Helm release deleted, a policy of the rollout's changed in Vault
		this.lab.kubernetes()
			.client()
			.genericKubernetesResources(TestLabs.HELM_CHARTS)
			.inNamespace("kube-system")
			.withName("prometheus-node-exporter")
			.delete();
		await().atMost(TIMEOUT).until(() -> !this.phase1.releases().contains("prometheus-node-exporter"));
		// Prometheus notices at its next scrape of the nodes (every 15 s)
		await().atMost(Duration.ofSeconds(45))
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> this.monitoring.prometheus("http://127.0.10.21:9090")
				.activeTargets()
				.stream()
				.anyMatch(target -> target.job().equals("node") && "k3s-w-1".equals(target.labels().get("node"))
						&& !target.up()));
		PolicyDocument policy = this.policies.services().get(0);
		this.access.engineVault(this.vaults.target(null, null))
			.write("sys/policies/acl/" + policy.name(),
					Map.of("policy", "path \"homelab/data/elsewhere/*\" {\n  capabilities = [\"read\"]\n}\n"));

		String drifted = this.runs.start(KEY, Map.of());
		Task found = this.runs.awaitTask(drifted, "drift-found");
		Map<String, Object> shown = this.tasks.getVariables(found.getId());
		assertThat((String) shown.get("driftCriteria")).contains("1/prometheusCollecting", "1/vaultConfigured")
			.doesNotContain("grafanaOperational", "alertingTested");
		assertThat((String) shown.get("driftChanges"))
			.contains("Phase 1 · vaultConfigured: health 200, missing: policy " + policy.name())
			.contains("Phase 1 · prometheusCollecting: Not all");
		assertThat((String) shown.get("driftSince"))
			.contains("Phase 1 · vaultConfigured: last seen met " + vaultLastMet);
		assertThat((String) shown.get("driftAction")).contains("Run phase-1-foundation again (Phase 1)");
		assertThat(gauge("vaultConfigured")).isEqualTo(0.0);
		assertThat(gauge("prometheusCollecting")).isEqualTo(0.0);
		assertThat(gauge("grafanaOperational")).isEqualTo(1.0);

		// the next check, the drift still there, replaces that report instead of adding
		// one
		String later = this.runs.start(KEY, Map.of());
		Task again = this.runs.awaitTask(later, "drift-found");
		this.runs.awaitEnd(drifted, "drift-superseded");
		assertThat(this.runs.variables(drifted)).containsEntry("driftSupersededBy", later);
		assertThat(this.tasks.createTaskQuery().taskDefinitionKey("drift-found").list()).as("open Drift found tasks")
			.extracting(Task::getId)
			.containsExactly(again.getId());
		assertThat((String) this.tasks.getVariable(again.getId(), "driftCriteria")).contains("1/prometheusCollecting",
				"1/vaultConfigured");
		this.runs.complete(again, Map.of("driftAcknowledged", true));
		this.runs.awaitEnd(later, "drift-reported");
	}

	private double gauge(String criterion) {
		Gauge gauge = this.meters.find("homelab_rollout_criterion")
			.tag("phase", "1")
			.tag("criterion", criterion)
			.gauge();
		assertThat(gauge).as(criterion).isNotNull();
		return gauge.value();
	}

}
