/**
 * The plan's Service Integration Matrix as data, one source of truth: who integrates with
 * whom, the phase that makes each cell real, where each service runs and which ports it
 * serves, and what follows from that (the firewall rules per VM, the cells to check at a
 * gate). No Camunda.
 */
package org.homelab.rollout.matrix;
