/**
 * The rehearsal lab's HashiCorp Vault:
 * {@link org.homelab.rollout.rehearsal.vault.VaultLab} answers the Vault 1.15 HTTP API
 * (seal, tokens, ACL policies, KV v2/v1, Kubernetes auth) as Vault does, checked against
 * the published OpenAPI contract, and
 * {@link org.homelab.rollout.rehearsal.vault.VaultService} starts it inside a simulated
 * VM when the install script starts the {@code vault} unit.
 */
package org.homelab.rollout.rehearsal.vault;
