package org.homelab.rollout.rehearsal.proxmox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Users, their API tokens and the ACL ({@code /access/users}, {@code /access/acl}), with
 * pve-access-control's answers: a token's secret is in the answer that creates it and
 * nowhere else; deleting a token or a user takes its ACL entries with it.
 */
final class AccessRoutes {

	private final LabState state;

	AccessRoutes(LabState state) {
		this.state = state;
	}

	void register(Router router) {
		router.add("GET", "/access/users", "api", this::users)
			.add("POST", "/access/users", "access", this::createUser)
			.add("GET", "/access/users/{userid}", "api", this::user)
			.add("DELETE", "/access/users/{userid}", "access", this::deleteUser)
			.add("GET", "/access/users/{userid}/token", "api", this::tokens)
			.add("GET", "/access/users/{userid}/token/{tokenid}", "api", r -> token(r).info())
			.add("POST", "/access/users/{userid}/token/{tokenid}", "access", this::createToken)
			.add("DELETE", "/access/users/{userid}/token/{tokenid}", "access", this::deleteToken)
			.add("GET", "/access/acl", "api", this::acl)
			.add("PUT", "/access/acl", "access", this::updateAcl);
	}

	private Access access() {
		return this.state.access;
	}

	/** Everyone sees at least themselves; administrators see all. */
	private List<Map<String, Object>> users(ApiRequest request) {
		boolean all = access().administrator(request.user());
		String self = Access.userOf(request.user());
		List<Map<String, Object>> users = new ArrayList<>();
		access().users.forEach((userid, user) -> {
			if (all || userid.equals(self)) {
				Map<String, Object> entry = user.entry(userid);
				if (request.flag("full")) {
					entry.put("tokens", user.tokens.entrySet().stream().map(t -> {
						Map<String, Object> info = new LinkedHashMap<>(t.getValue().info());
						info.put("tokenid", t.getKey());
						return info;
					}).toList());
				}
				users.add(entry);
			}
		});
		return users;
	}

	private Object createUser(ApiRequest request) {
		String userid = request.param("userid");
		if (access().users.containsKey(userid)) {
			throw PveError.failed("create user failed: user '" + userid + "' already exists");
		}
		Access.User user = new Access.User();
		user.comment = request.param("comment");
		user.enabled = !"0".equals(request.param("enable"));
		user.expire = Long.parseLong(request.param("expire", "0"));
		access().users.put(userid, user);
		return null;
	}

	private Access.User existing(String userid) {
		Access.User user = access().users.get(userid);
		if (user == null) {
			throw PveError.failed("no such user ('" + userid + "')");
		}
		return user;
	}

	private Map<String, Object> user(ApiRequest request) {
		Access.User user = existing(request.param("userid"));
		Map<String, Object> entry = user.entry(request.param("userid"));
		entry.remove("userid");
		Map<String, Object> tokens = new LinkedHashMap<>();
		user.tokens.forEach((id, token) -> tokens.put(id, token.info()));
		entry.put("tokens", tokens);
		return entry;
	}

	private Object deleteUser(ApiRequest request) {
		String userid = request.param("userid");
		if (!access().users.containsKey(userid)) {
			throw PveError.failed("delete user failed: no such user ('" + userid + "')");
		}
		access().users.remove(userid);
		access().acl.removeIf(e -> Access.userOf(e.ugid()).equals(userid) && !e.type().equals("group"));
		return null;
	}

	private List<Map<String, Object>> tokens(ApiRequest request) {
		List<Map<String, Object>> tokens = new ArrayList<>();
		existing(request.param("userid")).tokens.forEach((id, token) -> {
			Map<String, Object> entry = new LinkedHashMap<>(token.info());
			entry.put("tokenid", id);
			tokens.add(entry);
		});
		return tokens;
	}

	private Access.Token token(ApiRequest request) {
		Access.Token token = existing(request.param("userid")).tokens.get(request.param("tokenid"));
		if (token == null) {
			throw PveError
				.failed("no such token '" + request.param("tokenid") + "' for user '" + request.param("userid") + "'");
		}
		return token;
	}

	/**
	 * privsep defaults to 1, as in PVE: the token then holds only its own ACL entries.
	 */
	private Map<String, Object> createToken(ApiRequest request) {
		String userid = request.param("userid");
		String tokenid = request.param("tokenid");
		Access.User user = existing(userid);
		if (user.tokens.containsKey(tokenid)) {
			throw PveError.failed("Token already exists.");
		}
		Access.Token token = new Access.Token(request.param("comment"), Long.parseLong(request.param("expire", "0")),
				!"0".equals(request.param("privsep")), UUID.randomUUID().toString());
		user.tokens.put(tokenid, token);
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("full-tokenid", userid + "!" + tokenid);
		answer.put("info", token.info());
		answer.put("value", token.secret());
		return answer;
	}

	private Object deleteToken(ApiRequest request) {
		token(request);
		String full = request.param("userid") + "!" + request.param("tokenid");
		existing(request.param("userid")).tokens.remove(request.param("tokenid"));
		access().acl.removeIf(e -> e.type().equals("token") && e.ugid().equals(full));
		return null;
	}

	/** Only the entries the caller may change: all for administrators, none otherwise. */
	private List<Map<String, Object>> acl(ApiRequest request) {
		if (!access().administrator(request.user())) {
			return List.of();
		}
		return access().acl.stream().map(Access.AclEntry::entry).toList();
	}

	private Object updateAcl(ApiRequest request) {
		String path = request.param("path");
		if (!path.startsWith("/")) {
			throw PveError.parameters(Map.of("path", "invalid ACL path '" + path + "'"));
		}
		List<String> roles = List.of(request.param("roles").split("[,;\\s]+"));
		for (String role : roles) {
			if (!Access.ROLES.containsKey(role)) {
				throw PveError.failed("role '" + role + "' does not exist");
			}
		}
		boolean propagate = !"0".equals(request.param("propagate"));
		boolean delete = request.flag("delete");
		List<String[]> subjects = new ArrayList<>();
		for (String user : list(request.param("users"))) {
			if (!access().users.containsKey(user)) {
				throw PveError.failed("user '" + user + "' does not exist");
			}
			subjects.add(new String[] { "user", user });
		}
		for (String token : list(request.param("tokens"))) {
			if (access().secret(token).isEmpty() && !access().administrator(token)) {
				throw PveError.failed("no such token '" + token + "'");
			}
			subjects.add(new String[] { "token", token });
		}
		if (!list(request.param("groups")).isEmpty()) {
			throw PveError.failed("group '" + list(request.param("groups")).get(0) + "' does not exist");
		}
		for (String[] subject : subjects) {
			for (String role : roles) {
				access().acl.removeIf(e -> e.path().equals(path) && e.type().equals(subject[0])
						&& e.ugid().equals(subject[1]) && e.roleid().equals(role));
				if (!delete) {
					access().acl.add(new Access.AclEntry(path, subject[0], subject[1], role, propagate));
				}
			}
		}
		return null;
	}

	private static List<String> list(String value) {
		return (value == null || value.isBlank()) ? List.of() : List.of(value.split("[,;\\s]+"));
	}

}
