package org.homelab.rollout.backup;

/**
 * A datastore's configuration ({@code /config/datastore/{name}}): its directory and its
 * garbage-collection schedule (a systemd calendar event such as {@code daily}, null for
 * none).
 */
public record Datastore(String name, String path, String gcSchedule, String comment) {
}
