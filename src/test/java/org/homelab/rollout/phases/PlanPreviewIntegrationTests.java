package org.homelab.rollout.phases;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import org.camunda.bpm.engine.rest.exception.InvalidRequestException;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.value.FileValue;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.homelab.rollout.engine.FormInputRefusedException;
import org.homelab.rollout.inventory.Inventory;
import org.homelab.rollout.plan.steps.PlanPreviewVariables;
import org.homelab.rollout.proxmox.ConfigRequest;
import org.homelab.rollout.proxmox.ProxmoxOperations;
import org.homelab.rollout.rehearsal.RequestJournal;
import org.homelab.rollout.rehearsal.proxmox.VmView;
import org.homelab.rollout.support.TestLabs;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The plan preview (plan-preview.bpmn) on the lab: on a fresh lab Phase 1's things are to
 * be created, after an approved Phase 1 they are adopted, a thing changed by hand is
 * adopted with changes naming the field, and a missing template blocks the plan, whose
 * approval is then refused. No preview writes anything: the lab's journal holds no
 * successful write while it runs.
 */
class PlanPreviewIntegrationTests extends Phase1Context {

	private static final String KEY = "plan-preview";

	private static final String REVIEW = "review-plan";

	private static final ObjectMapper JSON = new ObjectMapper();

	@Autowired
	Inventory inventory;

	@Autowired
	ProxmoxOperations proxmox;

	@Test
	void aFreshLabGetsPhase1CreatedAndThePreviewChangesNothing() {
		this.lab.journal().clear();
		String id = this.runs.start(KEY, "plan-fresh", Map.of(PlanPreviewVariables.PHASES, "1"));
		Task review = this.runs.awaitTask(id, REVIEW);
		JsonNode plan = plan(id);
		assertThat(plan.path("phases").toString()).isEqualTo("[1]");
		assertThat(actions(plan, "vm")).containsEntry("prometheus", "create").containsEntry("vault", "create");
		Phase1.RELEASES.forEach(release -> assertThat(actions(plan, "helm-release")).containsEntry(release, "create"));
		assertThat(actions(plan, "kv-mount")).containsValue("create");
		assertThat(actions(plan, "nginx-vhost").keySet()).hasSize(2)
			.anyMatch(domain -> domain.startsWith("grafana."))
			.anyMatch(domain -> domain.startsWith("vault."));
		assertThat(actions(plan, "nginx-vhost")).allSatisfy((name, action) -> assertThat(action).isEqualTo("create"));
		assertThat(plan.path("blocked").asBoolean()).as(plan.toPrettyString()).isFalse();
		assertThat(check(plan, "template")).isTrue();
		assertThat(check(plan, "GPU on k3s-w-1")).isTrue();
		assertThat((String) this.runs.variable(id, PlanPreviewVariables.SUMMARY)).startsWith(
				plan.path("counts").path("create").asInt() + " create, 0 adopt, 0 adopt with changes, 0 blocked");
		assertThat((String) this.runs.variable(id, PlanPreviewVariables.TABLE))
			.contains("| 1 | proxmox | vm | vault |");
		this.runs.complete(review, Map.of(PlanPreviewVariables.DECISION, "reject"));
		this.runs.awaitEnd(id, "plan-rejected-alone");
		assertThat(writes()).as("what the preview wrote").isEmpty();
		assertThat(this.lab.journal().violations()).isEmpty();
	}

	@Test
	void aRejectedPlanEndsItsCallerWithPlanRejected() {
		BpmnModelInstance caller = Bpmn.createExecutableProcess("plan-preview-caller")
			.camundaHistoryTimeToLive(1)
			.startEvent()
			.callActivity("preview")
			.calledElement(KEY)
			.camundaIn("rolloutRun", "rolloutRun")
			.camundaIn(PlanPreviewVariables.PHASES, PlanPreviewVariables.PHASES)
			.camundaOut(PlanPreviewVariables.BLOCKED, PlanPreviewVariables.BLOCKED)
			.endEvent("run-goes-on")
			.moveToActivity("preview")
			.boundaryEvent("rejected")
			.error(PlanPreviewVariables.REJECTED)
			.endEvent("run-ended-unchanged")
			.done();
		String deployment = this.repository.createDeployment()
			.addModelInstance("plan-preview-caller.bpmn", caller)
			.deploy()
			.getId();
		try {
			String id = this.runs.start("plan-preview-caller", "plan-called",
					Map.of("rolloutRun", "plan-called", PlanPreviewVariables.PHASES, "1"));
			Task review = this.runs.awaitTask(preview(id), REVIEW);
			this.runs.complete(review, Map.of(PlanPreviewVariables.DECISION, "reject"));
			this.runs.awaitEnd(id, "run-ended-unchanged");
			assertThat(this.runs.passed(id, "run-goes-on")).isFalse();
		}
		finally {
			this.repository.deleteDeployment(deployment, true);
		}
	}

	private String preview(String callerId) {
		Instant until = Instant.now().plus(Duration.ofSeconds(30));
		while (true) {
			var instance = this.runtime.createProcessInstanceQuery()
				.superProcessInstanceId(callerId)
				.processDefinitionKey(KEY)
				.singleResult();
			if (instance != null) {
				return instance.getId();
			}
			assertThat(Instant.now()).as("the caller's preview started").isBefore(until);
			sleep();
		}
	}

	@Test
	void aMissingTemplateBlocksThePlanAndItsApprovalIsRefused() {
		int template = this.inventory.proxmox().template().vmid();
		String node = this.inventory.proxmox().nodes().get(0);
		this.proxmox.vms(node).deleteAsync(template);
		awaitGone(node, template);
		this.lab.journal().clear();
		String id = this.runs.start(KEY, "plan-no-template", Map.of(PlanPreviewVariables.PHASES, "1-2"));
		Task review = this.runs.awaitTask(id, REVIEW);
		JsonNode plan = plan(id);
		assertThat(plan.path("blocked").asBoolean()).isTrue();
		assertThat(check(plan, "template")).isFalse();
		assertThat((Boolean) this.runs.variable(id, PlanPreviewVariables.BLOCKED)).isTrue();
		assertThatThrownBy(() -> this.runs.complete(review, Map.of(PlanPreviewVariables.DECISION, "approve")))
			.isInstanceOf(FormInputRefusedException.class)
			.hasMessageContaining("planDecision cannot be given")
			.satisfies(ex -> assertThat(((InvalidRequestException) ex).getStatus().getStatusCode()).isEqualTo(400));
		assertThat(this.runs.task(id, REVIEW)).as("the review stays open").isNotNull();
		this.runs.complete(review, Map.of(PlanPreviewVariables.BLOCKED_DECISION, "reject"));
		this.runs.awaitEnd(id, "plan-rejected-alone");
		assertThat(writes()).isEmpty();
	}

	@Test
	void afterPhase1ItsThingsAreAdoptedAndAChangedOneNamesTheField() {
		String phase = this.phase1.start("plan-phase-1");
		this.phase1.decide(this.phase1.awaitGate(phase), "approve");
		assertThat(this.phase1.awaitEnd(phase)).isEqualTo("phase-1-done");

		this.lab.journal().clear();
		JsonNode adopted = reviewedAndRejected("plan-after-phase-1", "1");
		List<String> notAdopted = new ArrayList<>();
		adopted.path("changes").forEach(change -> {
			if (!change.path("action").asText().equals("adopt")) {
				notAdopted.add(change.toString());
			}
		});
		assertThat(notAdopted).as("Phase 1's entries after Phase 1").isEmpty();
		assertThat(actions(adopted, "helm-release")).containsOnlyKeys(Phase1.RELEASES);
		assertThat(actions(adopted, "policy")).isNotEmpty();
		assertThat(writes()).isEmpty();

		// changed by hand: a release's values and a VM's size
		this.lab.kubernetes()
			.client()
			.genericKubernetesResources(TestLabs.HELM_CHARTS)
			.inNamespace("kube-system")
			.withName("kube-state-metrics")
			.edit(chart -> changedValues(chart));
		VmView prometheus = TestLabs.vms(this.lab.proxmox(), "prometheus").get(0);
		this.proxmox.vms(prometheus.node()).configure(prometheus.vmid(), ConfigRequest.create().withCores(3));
		this.lab.journal().clear();
		JsonNode changed = reviewedAndRejected("plan-changed", "1-4");
		assertThat(actions(changed, "helm-release")).containsEntry("kube-state-metrics", "adopt with changes");
		assertThat(detail(changed, "helm-release", "kube-state-metrics")).contains("valuesContent");
		assertThat(actions(changed, "vm")).containsEntry("prometheus", "adopt with changes")
			.containsEntry("vault", "adopt")
			.containsEntry("gitlab-ce", "create");
		assertThat(detail(changed, "vm", "prometheus")).contains("cores 3 (planned 2)");
		assertThat(changed.path("phases").toString()).isEqualTo("[1,2,3,4]");
		assertThat(writes()).isEmpty();
	}

	private JsonNode reviewedAndRejected(String run, String phases) {
		String id = this.runs.start(KEY, run, Map.of(PlanPreviewVariables.PHASES, phases));
		Task review = this.runs.awaitTask(id, REVIEW);
		JsonNode plan = plan(id);
		this.runs.complete(review, Map.of(PlanPreviewVariables.DECISION, "reject"));
		this.runs.awaitEnd(id, "plan-rejected-alone");
		return plan;
	}

	private static GenericKubernetesResource changedValues(GenericKubernetesResource chart) {
		@SuppressWarnings("unchecked")
		Map<String, Object> spec = (Map<String, Object>) chart.getAdditionalProperties().get("spec");
		spec.put("valuesContent", spec.getOrDefault("valuesContent", "") + "\n# changed by hand\n");
		return chart;
	}

	private JsonNode plan(String id) {
		FileValue file = this.runtime.getVariableTyped(id, PlanPreviewVariables.PLAN);
		assertThat(file.getMimeType()).isEqualTo("application/json");
		try (InputStream json = file.getValue()) {
			return JSON.readTree(json);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** name to action of the entries of one kind. */
	private static Map<String, String> actions(JsonNode plan, String kind) {
		Map<String, String> actions = new TreeMap<>();
		plan.path("changes").forEach(change -> {
			if (change.path("kind").asText().equals(kind)) {
				actions.put(change.path("name").asText(), change.path("action").asText());
			}
		});
		return actions;
	}

	private static String detail(JsonNode plan, String kind, String name) {
		for (JsonNode change : plan.path("changes")) {
			if (change.path("kind").asText().equals(kind) && change.path("name").asText().equals(name)) {
				return change.path("detail").asText();
			}
		}
		return null;
	}

	private static boolean check(JsonNode plan, String startingWith) {
		for (JsonNode check : plan.path("checks")) {
			if (check.path("check").asText().startsWith(startingWith)) {
				return check.path("ok").asBoolean();
			}
		}
		throw new AssertionError("no check '" + startingWith + "…' in " + plan.path("checks"));
	}

	/** Successful writes the lab saw since its journal was cleared. */
	private List<String> writes() {
		return this.lab.journal()
			.entries()
			.stream()
			.filter(entry -> !entry.method().equals("GET") && entry.status() < 300)
			.map(RequestJournal::line)
			.toList();
	}

	private void awaitGone(String node, int vmid) {
		Instant until = Instant.now().plus(Duration.ofSeconds(30));
		while (this.proxmox.vms(node).list().stream().anyMatch(vm -> vm.vmid() == vmid)) {
			assertThat(Instant.now()).as("guest %s deleted", vmid).isBefore(until);
			sleep();
		}
	}

	private static void sleep() {
		try {
			Thread.sleep(50);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
