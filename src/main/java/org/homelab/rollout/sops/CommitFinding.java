package org.homelab.rollout.sops;

/**
 * One reason a commit must not go to Git: the file, the line (1-based), why, and the
 * value masked (never the value itself: a finding is printed, logged and shown).
 *
 * @param path the file's path in the commit
 * @param line where the value is
 * @param why what it is and what to do instead
 * @param masked a form that tells which value without giving it away
 */
public record CommitFinding(String path, int line, String why, String masked) {

	@Override
	public String toString() {
		return this.path + ":" + this.line + ": " + this.why + " [" + this.masked + "]";
	}

	/**
	 * {@code value} with at most {@code shown} leading characters kept (a token's public
	 * prefix such as {@code glpat-}), the rest starred, and its length.
	 */
	static String mask(String value, int shown) {
		int kept = Math.min(shown, value.length() / 3);
		return value.substring(0, kept) + "*".repeat(Math.min(8, value.length() - kept)) + " (" + value.length()
				+ " chars)";
	}

}
