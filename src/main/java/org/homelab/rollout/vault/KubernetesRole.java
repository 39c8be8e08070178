package org.homelab.rollout.vault;

import java.time.Duration;
import java.util.List;

/**
 * A role of Vault's Kubernetes auth: which service accounts may log in, and the policies
 * their tokens get.
 */
public record KubernetesRole(String name, List<String> serviceAccounts, List<String> namespaces, List<String> policies,
		Duration ttl) {
}
