package org.homelab.rollout.backup;

/**
 * A verify job ({@code /config/verify/{id}}): on {@code schedule} it reads every chunk of
 * the datastore's snapshots, skipping those verified within {@code outdatedAfterDays}
 * when {@code ignoreVerified}; a snapshot with a bad chunk is marked failed.
 */
public record VerifyJob(String id, String store, String schedule, boolean ignoreVerified, Integer outdatedAfterDays) {
}
