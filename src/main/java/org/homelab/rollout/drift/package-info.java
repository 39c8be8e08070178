/**
 * The drift check (processes/drift-check.bpmn): which phases are complete, as the
 * engine's history tells (their latest finished run approved at its gate), what those
 * runs found that the phases' own checks need again, and the comparison of the criteria
 * the checks find now with those the gates showed: the gauges, and what changed since
 * when. The checks themselves are the phases' building blocks; nothing here restates a
 * criterion.
 */
package org.homelab.rollout.drift;
