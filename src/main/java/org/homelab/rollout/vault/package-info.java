/**
 * Vault: a plain client on Spring Vault for initialising, unsealing and configuring the
 * homelab's Vault, and for storing generated secrets, all of them through
 * {@link org.homelab.rollout.vault.SecretWriter}. Nothing here imports Camunda; the steps
 * in {@code vault.steps} map process variables onto it. Secret values (unseal shares,
 * root and engine tokens, generated passwords) only ever live in memory, in files
 * readable by the engine's OS user alone, or encrypted to their holders; callers get
 * paths and booleans.
 */
package org.homelab.rollout.vault;
