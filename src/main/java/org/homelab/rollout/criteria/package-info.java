/**
 * What the success criteria of the plan's phases report, one type for every system's
 * client: whether a criterion is met and a line a person can read at the gate. No
 * Camunda.
 */
package org.homelab.rollout.criteria;
