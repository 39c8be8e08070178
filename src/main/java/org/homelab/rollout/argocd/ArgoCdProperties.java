package org.homelab.rollout.argocd;

import java.nio.file.Path;
import java.time.Duration;

import okhttp3.HttpUrl;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the engine reaches Argo CD, checked at binding: a bad value stops the start-up
 * naming its property. Nothing here is contacted at start-up.
 *
 * @param url argocd-server's address, e.g. {@code https://argocd.homelab.lan} (blank
 * until Phase 3 installs it: the client then refuses to be made)
 * @param caFile the CA that signed that address' certificate (the front door's); the
 * JVM's trust store when absent. TLS is always verified
 * @param username the account the engine logs in as
 * @param passwordPath where in Vault (kv-v2 mount {@code homelab}, key {@code password})
 * that account's password is kept
 * @param namespace where Argo CD and its Applications and AppProjects live
 * @param timeout connect and read timeout of each call
 */
@ConfigurationProperties("rollout.argocd")
public record ArgoCdProperties(String url, Path caFile, @DefaultValue("admin") String username,
		@DefaultValue("services/argocd/admin-password") String passwordPath, @DefaultValue("argocd") String namespace,
		@DefaultValue("30s") Duration timeout) {

	private static final String PREFIX = "rollout.argocd.";

	public ArgoCdProperties {
		if (url != null && !url.isBlank()) {
			HttpUrl parsed = HttpUrl.parse(url);
			if (parsed == null) {
				throw new IllegalArgumentException(
						PREFIX + "url '" + url + "' is not an http(s) address, e.g. https://argocd.homelab.lan");
			}
		}
		if (username == null || !username.matches("[a-zA-Z0-9_.-]{1,64}")) {
			throw new IllegalArgumentException(PREFIX + "username '" + username + "' refused: an Argo CD local account"
					+ " name (letters, digits, '.', '_', '-')");
		}
		if (passwordPath == null || !passwordPath.matches("[a-z0-9][a-z0-9/_-]*[a-z0-9]")
				|| passwordPath.contains("//")) {
			throw new IllegalArgumentException(PREFIX + "password-path '" + passwordPath
					+ "' refused: a Vault path below the homelab mount, e.g. services/argocd/admin-password");
		}
		if (namespace == null || !namespace.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
			throw new IllegalArgumentException(
					PREFIX + "namespace '" + namespace + "' refused: a Kubernetes namespace name such as argocd");
		}
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException(PREFIX + "timeout " + timeout + " refused: give a positive duration");
		}
	}

}
