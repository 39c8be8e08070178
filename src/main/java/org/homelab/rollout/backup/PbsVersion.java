package org.homelab.rollout.backup;

/** {@code GET /version}: e.g. version "4.1.0", release "1". */
public record PbsVersion(String version, String release, String repoid) {

	/** The major version, 0 if unreadable. */
	public int major() {
		try {
			return Integer.parseInt(this.version.replaceFirst("\\..*", ""));
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

}
