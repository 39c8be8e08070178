package org.homelab.rollout.backup;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;

final class PbsAccessTemplate implements PbsAccessOperations {

	private final PbsHttp http;

	PbsAccessTemplate(PbsHttp http) {
		this.http = http;
	}

	@Override
	public boolean userExists(String userid) {
		return exists(() -> this.http.get(new PbsForm(), "access", "users", userid));
	}

	@Override
	public boolean ensureUser(String userid, String comment) {
		if (userExists(userid)) {
			return false;
		}
		try {
			this.http.post(new PbsForm().add("userid", userid).add("comment", comment), "access", "users");
			return true;
		}
		catch (PbsApiException ex) {
			// created meanwhile (a repeat of a call PBS did carry out): not this call's
			if (ex.alreadyExists()) {
				return false;
			}
			throw ex;
		}
	}

	@Override
	public boolean deleteUser(String userid) {
		return exists(() -> this.http.delete(new PbsForm(), "access", "users", userid));
	}

	@Override
	public boolean tokenExists(String userid, String tokenName) {
		return exists(() -> this.http.get(new PbsForm(), "access", "users", userid, "token", tokenName));
	}

	@Override
	public void createToken(String userid, String tokenName, String comment, Consumer<PbsTokenSecret> sink) {
		JsonNode answer = this.http.post(new PbsForm().add("comment", comment), "access", "users", userid, "token",
				tokenName);
		PbsTokenSecret secret = new PbsTokenSecret(answer.path("tokenid").asText(userid + "!" + tokenName),
				answer.path("value").asText(null));
		try {
			sink.accept(secret);
		}
		catch (RuntimeException ex) {
			// nobody could ever read this secret again: the token must not outlive it
			deleteToken(userid, tokenName);
			throw ex;
		}
	}

	@Override
	public boolean deleteToken(String userid, String tokenName) {
		return exists(() -> this.http.delete(new PbsForm(), "access", "users", userid, "token", tokenName));
	}

	@Override
	public List<PbsAclEntry> acl() {
		List<PbsAclEntry> entries = new ArrayList<>();
		for (JsonNode entry : this.http.get(new PbsForm(), "access", "acl")) {
			entries.add(new PbsAclEntry(entry.path("path").asText(), entry.path("ugid").asText(),
					entry.path("ugid_type").asText(), entry.path("roleid").asText(),
					entry.path("propagate").asBoolean(true)));
		}
		return entries;
	}

	@Override
	public boolean grant(String path, String role, String authId) {
		if (has(path, role, authId)) {
			return false;
		}
		this.http.put(new PbsForm().add("path", path).add("role", role).add("auth-id", authId).add("propagate", true),
				"access", "acl");
		return true;
	}

	@Override
	public boolean revoke(String path, String role, String authId) {
		if (!has(path, role, authId)) {
			return false;
		}
		this.http.put(new PbsForm().add("path", path).add("role", role).add("auth-id", authId).add("delete", true),
				"access", "acl");
		return true;
	}

	private boolean has(String path, String role, String authId) {
		return acl().stream()
			.anyMatch(e -> e.path().equals(path) && e.roleid().equals(role) && e.ugid().equals(authId));
	}

	/**
	 * The user's entry first (a token holds at most what its user holds), then the token,
	 * then the token's own entry, which PBS accepts only for an existing token.
	 */
	@Override
	public BackupToken ensureBackupToken(String userid, String tokenName, String store, String comment,
			Consumer<PbsTokenSecret> sink) {
		String path = "/datastore/" + store;
		String tokenId = userid + "!" + tokenName;
		boolean userCreated = ensureUser(userid, comment);
		boolean userGranted = grant(path, DATASTORE_BACKUP, userid);
		boolean tokenCreated = false;
		if (!tokenExists(userid, tokenName)) {
			createToken(userid, tokenName, comment, sink);
			tokenCreated = true;
		}
		boolean tokenGranted = grant(path, DATASTORE_BACKUP, tokenId);
		return new BackupToken(tokenId, store, userCreated, userGranted, tokenCreated, tokenGranted);
	}

	@Override
	public void undo(BackupToken made) {
		String userid = made.tokenId().substring(0, made.tokenId().indexOf('!'));
		String tokenName = made.tokenId().substring(made.tokenId().indexOf('!') + 1);
		if (made.tokenCreated()) {
			deleteToken(userid, tokenName);
		}
		else if (made.tokenGranted()) {
			revoke(made.aclPath(), DATASTORE_BACKUP, made.tokenId());
		}
		if (made.userCreated()) {
			deleteUser(userid);
		}
		else if (made.userGranted()) {
			revoke(made.aclPath(), DATASTORE_BACKUP, userid);
		}
	}

	/** Runs the call; false when PBS says the object is not there. */
	private static boolean exists(Runnable call) {
		try {
			call.run();
			return true;
		}
		catch (PbsApiException ex) {
			if (ex.notFound()) {
				return false;
			}
			throw ex;
		}
	}

}
