/**
 * The plan preview's step in {@code plan-preview.bpmn}: the plan computed by
 * {@link org.homelab.rollout.plan.PlanPreview}, set as the variables the form and CI
 * read.
 */
package org.homelab.rollout.plan.steps;
