package org.homelab.rollout.backup;

/**
 * A retention job ({@code /config/prune/{id}}): on {@code schedule} it keeps the newest
 * backup of each of the last {@code keepDaily} days, {@code keepWeekly} weeks and
 * {@code keepMonthly} months of each guest, and prunes the rest. A null count keeps none
 * by that rule.
 */
public record PruneJob(String id, String store, String schedule, Integer keepDaily, Integer keepWeekly,
		Integer keepMonthly) {
}
