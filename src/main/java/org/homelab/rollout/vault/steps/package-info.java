/**
 * The Vault steps of the models {@code vault-setup} and {@code vault-generate-secret}:
 * thin delegates and the {@code vault-active} wait, mapping the variables in
 * {@link org.homelab.rollout.vault.steps.VaultVariables} onto the Vault client. They set
 * only references, paths, flags and outcomes; secrets stay inside the client.
 */
package org.homelab.rollout.vault.steps;
