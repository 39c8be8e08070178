package org.homelab.rollout.argocd;

/**
 * The Argo CD client (REST API {@code /api/v1}): one entry point handing out an
 * operations interface per concern, all sharing one TLS-verifying OkHttp client and one
 * session. Create it with {@link ArgoCdClients#create} or the {@code argoCdClients} bean.
 */
public interface ArgoCdOperations {

	/**
	 * Logs in afresh ({@code POST /api/v1/session}), proving the address and the
	 * password; every other call logs in by itself when it has no valid session.
	 */
	void login();

	/**
	 * The API server's version ({@code GET /api/version}, anonymous: Argo CD answers it
	 * before any login), proving it answers on this address.
	 */
	String version();

	/**
	 * Changes the logged-in account's password ({@code PUT /api/v1/account/password}),
	 * both asked of their sources for this call only; the session is renewed with the new
	 * one at the next call.
	 */
	void updatePassword(ArgoCdPasswordSource current, ArgoCdPasswordSource next);

	ArgoCdApplicationOperations applications();

	ArgoCdRepositoryOperations repositories();

	ArgoCdProjectOperations projects();

}
