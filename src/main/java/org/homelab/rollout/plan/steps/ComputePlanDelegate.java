package org.homelab.rollout.plan.steps;

import java.nio.charset.StandardCharsets;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.variable.Variables;
import org.homelab.rollout.plan.PhaseSelection;
import org.homelab.rollout.plan.Plan;
import org.homelab.rollout.plan.PlanPreview;

import org.springframework.stereotype.Component;

/**
 * Computes the plan of the chosen phases against the live homelab (it only reads) and
 * sets it as JSON for CI, and as counts and a table for the form.
 */
@Component
class ComputePlanDelegate implements JavaDelegate {

	/** The changes of one phase, short enough for a look's message. */
	private static final int CHANGES_LIMIT = 1000;

	private final PlanPreview preview;

	ComputePlanDelegate(PlanPreview preview) {
		this.preview = preview;
	}

	@Override
	public void execute(DelegateExecution execution) {
		Plan plan = this.preview
			.preview(PhaseSelection.parse(String.valueOf(execution.getVariable(PlanPreviewVariables.PHASES))));
		execution.setVariable(PlanPreviewVariables.PLAN,
				Variables.fileValue("plan.json")
					.file(plan.toJson().getBytes(StandardCharsets.UTF_8))
					.mimeType("application/json")
					.encoding(StandardCharsets.UTF_8)
					.create());
		execution.setVariable(PlanPreviewVariables.SUMMARY, plan.summary());
		execution.setVariable(PlanPreviewVariables.TABLE, plan.table(PlanPreviewVariables.TEXT_LIMIT));
		execution.setVariable(PlanPreviewVariables.BLOCKED, plan.blocked());
		for (int phase : plan.phases()) {
			execution.setVariable(PlanPreviewVariables.changesOf(phase), plan.changesOf(phase, CHANGES_LIMIT));
		}
	}

}
