package org.homelab.rollout.rehearsal.proxmox;

import java.util.Map;

/**
 * The permission checks pve-api-daemon makes before a handler runs, for principals that
 * are not administrators (API tokens and users created through the API). They follow the
 * schema's {@code permissions} of the calls the lab serves: reads of a guest need
 * VM.Audit on {@code /vms/{vmid}}, its guest agent VM.GuestAgent.Audit, a pool
 * Pool.Audit, node and cluster views Sys.Audit; lists marked {@code user: all} are
 * filtered by the handlers instead. Any write a non-administrator makes is refused with
 * PVE's 403, naming the privilege it lacks.
 */
final class Permissions {

	private final Access access;

	Permissions(Access access) {
		this.access = access;
	}

	/** Throws PVE's 403 when the principal may not make this call. */
	void check(String principal, String method, String template, Map<String, String> vars) {
		if (principal.isEmpty() || this.access.administrator(principal)) {
			return;
		}
		Required required = required(method, template, vars, principal);
		if (required != null && !this.access.has(principal, required.path(), required.privileges())) {
			throw new PveError(403, "Permission check failed (" + required.path() + ", "
					+ String.join("|", required.privileges()) + ")", Map.of());
		}
	}

	/** What a call needs; null for calls open to every user ({@code user: all}). */
	private static Required required(String method, String template, Map<String, String> vars, String principal) {
		String vm = (vars.get("vmid") != null) ? "/vms/" + vars.get("vmid") : null;
		if (!method.equals("GET")) {
			if (template.startsWith("/access/users/{userid}/token")
					&& Access.userOf(principal).equals(vars.get("userid")) && principal.indexOf('!') < 0) {
				// a user manages its own tokens
				return null;
			}
			if (vm != null) {
				return new Required(vm,
						template.contains("/agent") ? "VM.GuestAgent.Unrestricted" : "VM.Config.Options");
			}
			if (template.startsWith("/access")) {
				return new Required("/access", "User.Modify");
			}
			return new Required("/", "Sys.Modify");
		}
		if (template.equals("/nodes") || template.equals("/version") || template.equals("/nodes/{node}/qemu")
				|| template.equals("/nodes/{node}/lxc") || template.equals("/cluster/resources")
				|| template.equals("/pools") || template.equals("/access/acl") || template.equals("/access/users")) {
			return null;
		}
		if (vm != null) {
			return template.contains("/agent") ? new Required(vm, "VM.GuestAgent.Audit", "VM.GuestAgent.Unrestricted")
					: new Required(vm, "VM.Audit");
		}
		if (vars.get("poolid") != null) {
			return new Required("/pool/" + vars.get("poolid"), "Pool.Audit");
		}
		if (template.startsWith("/access/users/{userid}")) {
			if (Access.userOf(principal).equals(vars.get("userid"))) {
				return null;
			}
			return new Required("/access/groups", "User.Modify", "Sys.Audit");
		}
		if (vars.get("node") != null) {
			return new Required("/nodes/" + vars.get("node"), "Sys.Audit");
		}
		return new Required("/", "Sys.Audit");
	}

	private record Required(String path, String... privileges) {
	}

}
