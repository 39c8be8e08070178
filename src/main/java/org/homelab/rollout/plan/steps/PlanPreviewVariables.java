package org.homelab.rollout.plan.steps;

/** The variables and error of {@code plan-preview}, shared with tests and callers. */
public final class PlanPreviewVariables {

	/** In: the phases to preview, a list ({@code 1,2,3,4}) or a range ({@code 2-4}). */
	public static final String PHASES = "planPhases";

	/**
	 * Out: the plan document, JSON (a File variable {@code plan.json}, application/json:
	 * {@code GET /engine-rest/process-instance/{id}/variables/plan/data}).
	 */
	public static final String PLAN = "plan";

	/** Out: the counts per action and of the inventory checks, one line. */
	public static final String SUMMARY = "planSummary";

	/** Out: the plan as Markdown tables for the form (at most 4000 characters). */
	public static final String TABLE = "planTable";

	/**
	 * Out: whether an entry is blocked or a check fails; such a plan cannot be approved.
	 */
	public static final String BLOCKED = "planBlocked";

	/**
	 * Out, per previewed phase: what a run of it would change, one entry a line; empty
	 * when the plan only adopts for it (homelab-rollout adopts such a phase).
	 */
	public static String changesOf(int phase) {
		return "phase" + phase + "PlanChanges";
	}

	/** The form's decision, {@code approve} or {@code reject}; hidden while blocked. */
	public static final String DECISION = "planDecision";

	/** The form's decision while the plan is blocked: only {@code reject}. */
	public static final String BLOCKED_DECISION = "planBlockedDecision";

	/** The error the block ends with when the plan is rejected: nothing was changed. */
	public static final String REJECTED = "PLAN_REJECTED";

	/** A String variable holds at most 4000 characters in the engine's tables. */
	static final int TEXT_LIMIT = 4000;

	private PlanPreviewVariables() {
	}

}
