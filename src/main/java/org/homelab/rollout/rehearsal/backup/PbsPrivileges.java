package org.homelab.rollout.rehearsal.backup;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PBS's roles and how an auth id's privileges on a path follow from the ACL: an entry on
 * the path itself, or on an ancestor that propagates; {@code root@pam} holds everything.
 * A token holds what both it and its user are granted (PBS tokens are always privilege
 * separated).
 */
final class PbsPrivileges {

	static final String AUDIT = "Datastore.Audit";

	static final String MODIFY = "Datastore.Modify";

	static final String BACKUP = "Datastore.Backup";

	static final String VERIFY = "Datastore.Verify";

	static final String PRUNE = "Datastore.Prune";

	static final String ALLOCATE = "Datastore.Allocate";

	static final String PERMISSIONS_MODIFY = "Permissions.Modify";

	static final String SYS_AUDIT = "Sys.Audit";

	private static final Set<String> ALL = Set.of(AUDIT, MODIFY, BACKUP, VERIFY, PRUNE, ALLOCATE, "Datastore.Read",
			PERMISSIONS_MODIFY, SYS_AUDIT, "Sys.Modify");

	static final Map<String, Set<String>> ROLES = Map.of("Admin", ALL, "Audit", Set.of(SYS_AUDIT, AUDIT), "NoAccess",
			Set.of(), "DatastoreAdmin", Set.of(AUDIT, MODIFY, "Datastore.Read", VERIFY, BACKUP, PRUNE),
			"DatastoreReader", Set.of("Datastore.Read", AUDIT), "DatastoreBackup", Set.of(BACKUP), "DatastorePowerUser",
			Set.of(BACKUP, PRUNE), "DatastoreAudit", Set.of(AUDIT));

	/** One ACL entry; {@code authId} a user or token. */
	record Acl(String path, String authId, String role, boolean propagate) {
	}

	private PbsPrivileges() {
	}

	static Set<String> of(List<Acl> acl, String authId, String path) {
		if ("root@pam".equals(authId)) {
			return ALL;
		}
		Set<String> own = granted(acl, authId, path);
		int bang = authId.indexOf('!');
		if (bang < 0) {
			return own;
		}
		Set<String> user = of(acl, authId.substring(0, bang), path);
		own.retainAll(user);
		return own;
	}

	private static Set<String> granted(List<Acl> acl, String authId, String path) {
		Set<String> privileges = new HashSet<>();
		for (Acl entry : acl) {
			if (!entry.authId().equals(authId)) {
				continue;
			}
			boolean exact = entry.path().equals(path);
			boolean inherited = entry.propagate() && (entry.path().equals("/") || path.startsWith(entry.path() + "/"));
			if (exact || inherited) {
				privileges.addAll(ROLES.getOrDefault(entry.role(), Set.of()));
			}
		}
		return privileges;
	}

}
