package org.homelab.rollout.backup;

/**
 * How full a datastore is, in bytes ({@code /status/datastore-usage} or
 * {@code /admin/datastore/{store}/status}).
 */
public record DatastoreUsage(String store, long total, long used, long avail) {

	/** Used share in [0, 1]; 0 for a datastore of unknown size. */
	public double fraction() {
		return (this.total > 0) ? (double) this.used / this.total : 0;
	}

}
