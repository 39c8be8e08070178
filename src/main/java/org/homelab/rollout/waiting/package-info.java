/**
 * Waiting without holding a thread. A clone, an install or a Helm job takes minutes: the
 * model waits at an external task whose topic names a
 * {@link org.homelab.rollout.waiting.WaitCondition}; an in-process poller, outside the
 * job executor, checks the condition with back-off and completes the task when it holds.
 * The wait is a row in the engine's database, so it survives a restart, and Cockpit shows
 * the waiting activity and its {@code waitingFor}.
 */
package org.homelab.rollout.waiting;
