/**
 * The External Secrets Operator wired to Vault: the ClusterSecretStore that logs into
 * Vault with Kubernetes auth, and the proof ExternalSecret that shows the chain works. It
 * composes the {@code kubernetes} client (manifests) and the {@code vault} client (the
 * test key, through {@link org.homelab.rollout.vault.SecretWriter}); nothing here imports
 * Camunda, and neither client knows of this package.
 */
package org.homelab.rollout.eso;
