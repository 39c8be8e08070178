package org.homelab.rollout.rehearsal.proxmox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Users, API tokens and ACLs as pve-access-control keeps them (user.cfg), and the
 * privilege a principal holds on an ACL path. The principals the lab is configured with
 * (the engine's token, root@pam) are administrators; users and tokens created through the
 * API hold only what the ACL grants them, and a privilege-separated token only what both
 * it and its user are granted.
 */
final class Access {

	/**
	 * Built-in roles the lab knows (pve-access-control's special roles; PVEAuditor as PVE
	 * documents it: read-only, no guest-agent privileges).
	 */
	static final Map<String, Set<String>> ROLES = Map.of("NoAccess", Set.of(), "PVEAuditor",
			Set.of("Datastore.Audit", "Mapping.Audit", "Pool.Audit", "SDN.Audit", "Sys.Audit", "VM.Audit"),
			"PVEVMAdmin",
			Set.of("VM.Audit", "VM.Allocate", "VM.Clone", "VM.Config.Options", "VM.Config.Network", "VM.PowerMgmt",
					"VM.Console", "VM.Backup", "VM.Snapshot", "VM.GuestAgent.Audit", "VM.GuestAgent.Unrestricted"),
			"Administrator", Set.of("*"));

	record Token(String comment, long expire, boolean privsep, String secret) {

		Map<String, Object> info() {
			Map<String, Object> info = new LinkedHashMap<>();
			if (this.comment != null) {
				info.put("comment", this.comment);
			}
			info.put("expire", this.expire);
			info.put("privsep", this.privsep ? 1 : 0);
			return info;
		}

	}

	static final class User {

		String comment;

		boolean enabled = true;

		long expire;

		final Map<String, Token> tokens = new TreeMap<>();

		Map<String, Object> entry(String userid) {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("userid", userid);
			entry.put("enable", this.enabled ? 1 : 0);
			entry.put("expire", this.expire);
			if (this.comment != null) {
				entry.put("comment", this.comment);
			}
			return entry;
		}

	}

	/** {@code type} is user, group or token; {@code ugid} the user, group or token id. */
	record AclEntry(String path, String type, String ugid, String roleid, boolean propagate) {

		Map<String, Object> entry() {
			return Map.of("path", this.path, "type", this.type, "ugid", this.ugid, "roleid", this.roleid, "propagate",
					this.propagate ? 1 : 0);
		}

		boolean covers(String aclPath) {
			return this.path.equals(aclPath)
					|| (this.propagate && (this.path.equals("/") || aclPath.startsWith(this.path + "/")));
		}

	}

	private final Set<String> administrators;

	final Map<String, User> users = new TreeMap<>();

	final List<AclEntry> acl = new ArrayList<>();

	Access(ProxmoxLabSettings settings) {
		Set<String> admins = new TreeSet<>(settings.users().keySet());
		admins.addAll(settings.apiTokens().keySet());
		this.administrators = Set.copyOf(admins);
		seed();
	}

	/** Only the configured principals' users (root@pam, the engine token's user). */
	void seed() {
		this.users.clear();
		this.acl.clear();
		this.administrators.forEach(principal -> this.users.computeIfAbsent(userOf(principal), u -> new User()));
	}

	boolean administrator(String principal) {
		return this.administrators.contains(principal);
	}

	/** The secret of a token created through the API, if there is such a token. */
	Optional<String> secret(String fullTokenId) {
		int bang = fullTokenId.indexOf('!');
		if (bang < 0) {
			return Optional.empty();
		}
		User user = this.users.get(fullTokenId.substring(0, bang));
		if (user == null || !user.enabled || expired(user.expire)) {
			return Optional.empty();
		}
		return Optional.ofNullable(user.tokens.get(fullTokenId.substring(bang + 1)))
			.filter(token -> !expired(token.expire()))
			.map(Token::secret);
	}

	/** Expiry in epoch seconds; 0 never expires. */
	private static boolean expired(long expire) {
		return expire > 0 && Instant.now().getEpochSecond() >= expire;
	}

	/** Whether the principal holds any of these privileges on the ACL path. */
	boolean has(String principal, String aclPath, String... anyOf) {
		// the empty principal is a login call, which lists nothing
		if (principal.isEmpty() || administrator(principal)) {
			return true;
		}
		Set<String> held = privileges(principal, aclPath);
		if (held.contains("*")) {
			return true;
		}
		for (String privilege : anyOf) {
			if (held.contains(privilege)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * A user's privileges come from the ACL entries for it; a token's from its own
	 * entries, cut down to its user's when privilege-separated (privsep=1), else its
	 * user's.
	 */
	Set<String> privileges(String principal, String aclPath) {
		int bang = principal.indexOf('!');
		if (bang < 0) {
			return granted("user", principal, aclPath);
		}
		String userid = principal.substring(0, bang);
		User user = this.users.get(userid);
		Token token = (user != null) ? user.tokens.get(principal.substring(bang + 1)) : null;
		if (token == null) {
			return Set.of();
		}
		Set<String> ofUser = granted("user", userid, aclPath);
		if (!token.privsep()) {
			return ofUser;
		}
		Set<String> ofToken = new TreeSet<>(granted("token", principal, aclPath));
		if (!ofUser.contains("*")) {
			if (ofToken.contains("*")) {
				return ofUser;
			}
			ofToken.retainAll(ofUser);
		}
		return ofToken;
	}

	private Set<String> granted(String type, String ugid, String aclPath) {
		Set<String> privileges = new TreeSet<>();
		this.acl.stream()
			.filter(e -> e.type().equals(type) && e.ugid().equals(ugid) && e.covers(aclPath))
			.forEach(e -> privileges.addAll(ROLES.getOrDefault(e.roleid(), Set.of())));
		return privileges;
	}

	static String userOf(String principal) {
		int bang = principal.indexOf('!');
		return (bang < 0) ? principal : principal.substring(0, bang);
	}

}
