/**
 * The integration matrix's steps: the success criterion that checks every cell the phases
 * so far made real.
 */
package org.homelab.rollout.matrix.steps;
