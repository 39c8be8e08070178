package org.homelab.rollout.rehearsal.backup;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.homelab.rollout.rehearsal.proxmox.BackupServers.Snapshot;

/**
 * What one PBS keeps (in {@code /etc/proxmox-backup} and its datastores): users and their
 * tokens (secrets only as digests), the ACL, datastores with their snapshots, prune and
 * verify jobs, and worker tasks. Guarded by its own monitor.
 */
final class PbsState {

	static final class Token {

		final String secretDigest;

		final String comment;

		Token(String secretDigest, String comment) {
			this.secretDigest = secretDigest;
			this.comment = comment;
		}

	}

	static final class User {

		final String comment;

		/** The digest of a pbs-realm user's password; null: signs in by tokens only. */
		String passwordDigest;

		final Map<String, Token> tokens = new TreeMap<>();

		User(String comment) {
			this.comment = comment;
		}

	}

	/** A snapshot as stored, with what verify found ("ok", "failed" or null). */
	static final class Stored {

		final Snapshot snapshot;

		final String owner;

		String verifyState;

		String verifyUpid;

		Stored(Snapshot snapshot, String owner) {
			this.snapshot = snapshot;
			this.owner = owner;
		}

		Snapshot view() {
			return new Snapshot(this.snapshot.vmid(), this.snapshot.time(), this.snapshot.config(),
					this.snapshot.files(), this.snapshot.size(), this.verifyState);
		}

	}

	static final class Store {

		final String path;

		final String comment;

		final long total;

		String gcSchedule;

		/** Bytes of pruned snapshots, freed by the next garbage collection. */
		long garbage;

		Instant lastGc;

		final List<Stored> snapshots = new ArrayList<>();

		Store(String path, String comment, long total) {
			this.path = path;
			this.comment = comment;
			this.total = total;
		}

		long used() {
			return this.garbage + this.snapshots.stream().mapToLong(s -> s.snapshot.size()).sum();
		}

	}

	/** A worker task: running until {@code end}, then {@code exitstatus}. */
	record Task(String upid, String type, String authId, Instant start, Instant end, String exitstatus,
			List<String> log) {

		boolean running(Instant now) {
			return now.isBefore(this.end);
		}

	}

	String rootPasswordDigest;

	final Map<String, User> users = new TreeMap<>();

	final List<PbsPrivileges.Acl> acl = new ArrayList<>();

	final Map<String, Store> stores = new TreeMap<>();

	final Map<String, Map<String, String>> pruneJobs = new TreeMap<>();

	final Map<String, Map<String, String>> verifyJobs = new TreeMap<>();

	final Map<String, Task> tasks = new LinkedHashMap<>();

	/** Ticket to the user it signs in (a random value, as PBS's signed ticket is). */
	final Map<String, String> tickets = new LinkedHashMap<>();

	static String digest(String secret) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Whether {@code user@realm!name} exists and {@code secret} is its secret. */
	boolean tokenMatches(String tokenId, String secret) {
		int bang = tokenId.indexOf('!');
		User user = (bang > 0) ? this.users.get(tokenId.substring(0, bang)) : null;
		Token token = (user != null) ? user.tokens.get(tokenId.substring(bang + 1)) : null;
		return token != null && secret != null && MessageDigest.isEqual(
				token.secretDigest.getBytes(StandardCharsets.UTF_8), digest(secret).getBytes(StandardCharsets.UTF_8));
	}

	/** Drops the user's or token's ACL entries (PBS does when it deletes them). */
	void forget(String authIdPrefix) {
		this.acl.removeIf(e -> e.authId().equals(authIdPrefix) || e.authId().startsWith(authIdPrefix + "!"));
	}

}
