/**
 * The engine around the processes: who may do what (web apps, REST, the groups of the
 * plan's operators and CI), the marks that tell a rehearsal from a real run, and the
 * check of a start's or a task completion's variables against its Camunda Form.
 */
package org.homelab.rollout.engine;
