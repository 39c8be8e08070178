package org.homelab.rollout.recovery;

/**
 * Locks of a dead peer were released on this node: its waits are free for this node's
 * poller now (published as an application event).
 */
public record LocksReleased(String owner, int jobs, int waits) {

}
