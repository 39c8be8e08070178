package org.homelab.rollout.rehearsal.backup;

import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code /access}: users, their API tokens (the secret answered once, kept as a digest)
 * and the ACL. Changing them needs {@code Permissions.Modify} (Admin); PBS refuses an ACL
 * entry for a user or token that does not exist.
 */
final class PbsAccessRoutes {

	private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

	private final PbsState state;

	PbsAccessRoutes(PbsState state) {
		this.state = state;
	}

	Optional<PbsAnswer> answer(PbsRequest request) {
		boolean admin = PbsPrivileges.of(this.state.acl, request.authId(), "/access/users")
			.contains(PbsPrivileges.PERMISSIONS_MODIFY);
		String userid = request.param("userid");
		String route = request.method() + " " + request.route();
		if (!admin && !(route.startsWith("GET ") && request.user().equals(userid))) {
			return Optional.of(PbsAnswer.forbidden());
		}
		PbsState.User user = (userid != null) ? this.state.users.get(userid) : null;
		boolean known = user != null || "root@pam".equals(userid);
		return Optional.ofNullable(switch (route) {
			case "GET /access/users" -> users();
			case "POST /access/users" -> createUser(userid, request.param("comment"));
			case "GET /access/users/{userid}" -> known ? PbsAnswer.ok(JSON.objectNode()
				.put("userid", userid)
				.put("enable", true)
				.put("comment", (user != null) ? user.comment : "Superuser")) : noSuchUser(userid);
			case "DELETE /access/users/{userid}" -> deleteUser(userid);
			case "GET /access/users/{userid}/token" -> (user == null) ? noSuchUser(userid) : tokens(userid, user);
			case "GET /access/users/{userid}/token/{token-name}" -> token(request, user);
			case "POST /access/users/{userid}/token/{token-name}" -> createToken(request, user);
			case "DELETE /access/users/{userid}/token/{token-name}" -> deleteToken(request, user);
			case "GET /access/acl" -> acl();
			case "PUT /access/acl" -> changeAcl(request);
			default -> null;
		});
	}

	private PbsAnswer users() {
		ArrayNode users = JSON.arrayNode();
		users.addObject().put("userid", "root@pam").put("enable", true);
		this.state.users.forEach((id, user) -> users.addObject().put("userid", id).put("comment", user.comment));
		return PbsAnswer.ok(users);
	}

	private PbsAnswer createUser(String userid, String comment) {
		if (!userid.endsWith("@pbs") && !userid.endsWith("@pam")) {
			return PbsAnswer.failed("unknown realm '" + userid.substring(userid.indexOf('@') + 1) + "'");
		}
		if (this.state.users.containsKey(userid) || "root@pam".equals(userid)) {
			return PbsAnswer.failed("user '" + userid + "' already exists.");
		}
		this.state.users.put(userid, new PbsState.User(comment));
		return PbsAnswer.done();
	}

	private PbsAnswer deleteUser(String userid) {
		if (this.state.users.remove(userid) == null) {
			return noSuchUser(userid);
		}
		this.state.forget(userid);
		return PbsAnswer.done();
	}

	private PbsAnswer tokens(String userid, PbsState.User user) {
		ArrayNode tokens = JSON.arrayNode();
		user.tokens.forEach((name, token) -> tokens.addObject()
			.put("tokenid", userid + "!" + name)
			.put("comment", token.comment)
			.put("enable", true)
			.put("expire", 0));
		return PbsAnswer.ok(tokens);
	}

	private PbsAnswer token(PbsRequest request, PbsState.User user) {
		String name = request.param("token-name");
		if (user == null || !user.tokens.containsKey(name)) {
			return noSuchToken(request.param("userid"), name);
		}
		return PbsAnswer.ok(JSON.objectNode()
			.put("tokenid", request.param("userid") + "!" + name)
			.put("comment", user.tokens.get(name).comment)
			.put("enable", true)
			.put("expire", 0));
	}

	private PbsAnswer createToken(PbsRequest request, PbsState.User user) {
		String userid = request.param("userid");
		String name = request.param("token-name");
		if (user == null) {
			return noSuchUser(userid);
		}
		if (user.tokens.containsKey(name)) {
			return PbsAnswer.failed("token '" + name + "' for user '" + userid + "' already exists.");
		}
		String secret = UUID.randomUUID().toString();
		user.tokens.put(name, new PbsState.Token(PbsState.digest(secret), request.param("comment")));
		return PbsAnswer.ok(JSON.objectNode().put("tokenid", userid + "!" + name).put("value", secret));
	}

	private PbsAnswer deleteToken(PbsRequest request, PbsState.User user) {
		String userid = request.param("userid");
		String name = request.param("token-name");
		if (user == null || user.tokens.remove(name) == null) {
			return noSuchToken(userid, name);
		}
		this.state.forget(userid + "!" + name);
		return PbsAnswer.done();
	}

	private PbsAnswer acl() {
		ArrayNode entries = JSON.arrayNode();
		for (PbsPrivileges.Acl entry : this.state.acl) {
			entries.add(JSON.objectNode()
				.put("path", entry.path())
				.put("ugid", entry.authId())
				.put("ugid_type", "user")
				.put("roleid", entry.role())
				.put("propagate", entry.propagate()));
		}
		return PbsAnswer.ok(entries);
	}

	private PbsAnswer changeAcl(PbsRequest request) {
		String authId = request.param("auth-id");
		if (authId == null) {
			return PbsAnswer.failed("either 'group' or 'auth-id' parameter must be set");
		}
		String path = request.param("path");
		String role = request.param("role");
		boolean propagate = request.flag("propagate", true);
		if (request.flag("delete", false)) {
			this.state.acl.removeIf(e -> e.path().equals(path) && e.authId().equals(authId) && e.role().equals(role));
			return PbsAnswer.done();
		}
		int bang = authId.indexOf('!');
		String userid = (bang < 0) ? authId : authId.substring(0, bang);
		PbsState.User user = this.state.users.get(userid);
		if (user == null && !"root@pam".equals(userid)) {
			return PbsAnswer.failed("no such user.");
		}
		if (bang >= 0 && (user == null || !user.tokens.containsKey(authId.substring(bang + 1)))) {
			return PbsAnswer.failed("no such API token.");
		}
		this.state.acl.removeIf(e -> e.path().equals(path) && e.authId().equals(authId) && e.role().equals(role));
		this.state.acl.add(new PbsPrivileges.Acl(path, authId, role, propagate));
		return PbsAnswer.done();
	}

	private static PbsAnswer noSuchUser(String userid) {
		return PbsAnswer.error(404, "user '" + userid + "' does not exist.");
	}

	private static PbsAnswer noSuchToken(String userid, String name) {
		return PbsAnswer.error(404, "no such API token '" + userid + "!" + name + "'");
	}

}
