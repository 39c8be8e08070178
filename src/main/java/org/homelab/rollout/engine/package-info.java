/**
 * The engine around the processes: who may do what (web apps, REST, the groups of the plan's operators and CI), and
 * the marks that tell a rehearsal from a real run.
 */
package org.homelab.rollout.engine;
