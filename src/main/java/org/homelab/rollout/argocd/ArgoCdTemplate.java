package org.homelab.rollout.argocd;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The client: hands out the per-concern templates, all sharing one {@link ArgoCdHttp}.
 */
final class ArgoCdTemplate implements ArgoCdOperations {

	private final ArgoCdHttp http;

	private final String namespace;

	ArgoCdTemplate(ArgoCdHttp http, String namespace) {
		this.http = http;
		this.namespace = namespace;
	}

	@Override
	public void login() {
		this.http.login();
	}

	@Override
	public String version() {
		return this.http.version().path("Version").asText("");
	}

	@Override
	public void updatePassword(ArgoCdPasswordSource current, ArgoCdPasswordSource next) {
		String now = current.password();
		String then = next.password();
		if (now == null || now.isEmpty() || then == null || then.isEmpty()) {
			throw new ArgoCdException("PUT /api/v1/account/password",
					"No current or new Argo CD password for PUT /api/v1/account/password: both must be in Vault first.",
					false, null);
		}
		Map<String, String> body = new LinkedHashMap<>();
		body.put("currentPassword", now);
		body.put("newPassword", then);
		try {
			this.http.callHolding("PUT", Map.of(), body, now + "\n" + then, "account", "password");
		}
		finally {
			// Argo CD ends the account's sessions; the next call logs in anew
			this.http.logout();
		}
	}

	@Override
	public ArgoCdApplicationOperations applications() {
		return new ArgoCdApplicationTemplate(this.http, this.namespace);
	}

	@Override
	public ArgoCdRepositoryOperations repositories() {
		return new ArgoCdRepositoryTemplate(this.http);
	}

	@Override
	public ArgoCdProjectOperations projects() {
		return new ArgoCdProjectTemplate(this.http, this.namespace);
	}

	@Override
	public String toString() {
		return "ArgoCdTemplate[" + this.http + "]";
	}

}
