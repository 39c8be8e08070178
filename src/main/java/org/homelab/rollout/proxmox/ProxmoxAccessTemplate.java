package org.homelab.rollout.proxmox;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

final class ProxmoxAccessTemplate implements ProxmoxAccessOperations {

	private final ProxmoxHttp http;

	ProxmoxAccessTemplate(ProxmoxHttp http) {
		this.http = http;
	}

	@Override
	public boolean userExists(String userid) {
		try {
			this.http.get(new Form(), "access", "users", userid);
			return true;
		}
		catch (ProxmoxApiException ex) {
			if (noSuchUser(ex)) {
				return false;
			}
			throw ex;
		}
	}

	@Override
	public boolean ensureUser(String userid, String comment) {
		if (userExists(userid)) {
			return false;
		}
		try {
			this.http.post(new Form().add("userid", userid).add("comment", comment), "access", "users");
			return true;
		}
		catch (ProxmoxApiException ex) {
			// created meanwhile (a retry of a call PVE did carry out): not this call's
			if (ex.reason().contains("already exists")) {
				return false;
			}
			throw ex;
		}
	}

	@Override
	public boolean deleteUser(String userid) {
		try {
			this.http.delete(new Form(), "access", "users", userid);
			return true;
		}
		catch (ProxmoxApiException ex) {
			if (noSuchUser(ex)) {
				return false;
			}
			throw ex;
		}
	}

	@Override
	public List<AclEntry> acl() {
		List<AclEntry> entries = new ArrayList<>();
		for (JsonNode entry : this.http.get(new Form(), "access", "acl")) {
			entries.add(new AclEntry(entry.path("path").asText(), entry.path("type").asText(),
					entry.path("ugid").asText(), entry.path("roleid").asText(), entry.path("propagate").asInt(1) == 1));
		}
		return entries;
	}

	@Override
	public boolean grant(String path, String role, String userOrToken) {
		if (has(path, role, userOrToken)) {
			return false;
		}
		this.http.put(aclForm(path, role, userOrToken).add("propagate", true), "access", "acl");
		return true;
	}

	@Override
	public boolean revoke(String path, String role, String userOrToken) {
		if (!has(path, role, userOrToken)) {
			return false;
		}
		this.http.put(aclForm(path, role, userOrToken).add("delete", true), "access", "acl");
		return true;
	}

	private boolean has(String path, String role, String userOrToken) {
		String type = userOrToken.contains("!") ? "token" : "user";
		return acl().stream()
			.anyMatch(e -> e.path().equals(path) && e.roleid().equals(role) && e.type().equals(type)
					&& e.ugid().equals(userOrToken));
	}

	private static Form aclForm(String path, String role, String userOrToken) {
		return new Form().add("path", path)
			.add("roles", role)
			.add(userOrToken.contains("!") ? "tokens" : "users", userOrToken);
	}

	@Override
	public List<ApiToken> tokens(String userid) {
		List<ApiToken> tokens = new ArrayList<>();
		for (JsonNode token : this.http.get(new Form(), "access", "users", userid, "token")) {
			tokens.add(token(token.path("tokenid").asText(), token));
		}
		return tokens;
	}

	@Override
	public Optional<ApiToken> token(String userid, String tokenid) {
		try {
			return Optional.of(token(tokenid, this.http.get(new Form(), "access", "users", userid, "token", tokenid)));
		}
		catch (ProxmoxApiException ex) {
			if (noSuchUser(ex) || noSuchToken(ex)) {
				return Optional.empty();
			}
			throw ex;
		}
	}

	@Override
	public ApiTokenSecret createToken(String userid, String tokenid, boolean privsep, String comment) {
		JsonNode answer = this.http.post(new Form().add("privsep", privsep).add("comment", comment), "access", "users",
				userid, "token", tokenid);
		return new ApiTokenSecret(answer.path("full-tokenid").asText(userid + "!" + tokenid),
				answer.path("value").asText(null));
	}

	@Override
	public boolean deleteToken(String userid, String tokenid) {
		try {
			this.http.delete(new Form(), "access", "users", userid, "token", tokenid);
			return true;
		}
		catch (ProxmoxApiException ex) {
			if (noSuchUser(ex) || noSuchToken(ex)) {
				return false;
			}
			throw ex;
		}
	}

	/**
	 * The user's entry first (a separated token holds at most its user's privileges),
	 * then the token, then the token's own entry, which PVE accepts only for an existing
	 * token.
	 */
	@Override
	public AuditorToken ensureAuditorToken(String userid, String tokenid, String comment) {
		String full = userid + "!" + tokenid;
		boolean userCreated = ensureUser(userid, comment);
		boolean userGranted = grant("/", AUDITOR, userid);
		Optional<ApiTokenSecret> secret = Optional.empty();
		if (token(userid, tokenid).isEmpty()) {
			secret = Optional.of(createToken(userid, tokenid, true, comment));
		}
		grant("/", AUDITOR, full);
		return new AuditorToken(full, userCreated, userGranted, secret.isPresent(), secret);
	}

	@Override
	public void undo(String userid, String tokenid, AuditorToken made) {
		if (made.tokenCreated()) {
			deleteToken(userid, tokenid);
		}
		if (made.userCreated()) {
			deleteUser(userid);
		}
		else if (made.userGranted()) {
			revoke("/", AUDITOR, userid);
		}
	}

	private static ApiToken token(String tokenid, JsonNode token) {
		return new ApiToken(tokenid, token.path("comment").asText(null), token.path("privsep").asInt(1) == 1,
				token.path("expire").asLong(0));
	}

	/** PVE answers 500 "no such user ('…')" for an unknown user. */
	private static boolean noSuchUser(ProxmoxApiException ex) {
		return ex.status() == 500 && ex.reason().contains("no such user");
	}

	/** And 500 "no such token '…' for user '…'" for an unknown token. */
	private static boolean noSuchToken(ProxmoxApiException ex) {
		return ex.status() == 500 && ex.reason().contains("no such token");
	}

}
