/**
 * The plan preview (docs/plan-preview.md): what a run of the chosen phases would create,
 * adopt, adopt with changes or be blocked by, computed from the phase models, the
 * inventory and one look per system and kind at the live homelab, without changing
 * anything. A plain package: it uses several systems' clients, never their steps, and
 * knows nothing of the engine; its steps live in {@code plan.steps}.
 */
package org.homelab.rollout.plan;
