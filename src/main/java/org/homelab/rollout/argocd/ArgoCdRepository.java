package org.homelab.rollout.argocd;

/**
 * A repository Argo CD knows (never with its password): its URL, type, name, the username
 * it authenticates with, and the connection state Argo CD last saw
 * ({@code Successful}/{@code Failed}, with a message).
 */
public record ArgoCdRepository(String repo, String type, String name, String username, String connectionStatus,
		String connectionMessage) {
}
