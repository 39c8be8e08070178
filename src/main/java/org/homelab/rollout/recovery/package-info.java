/**
 * Moving again within seconds after an engine dies: every engine node has a stable
 * identity ({@link org.homelab.rollout.recovery.EngineNode}) that owns its job-executor
 * and external-task locks; a node releases its own locks when it starts and, in a
 * cluster, the locks of a peer whose heartbeat stopped. See docs/recovery.md.
 */
package org.homelab.rollout.recovery;
