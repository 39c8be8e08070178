/**
 * Secrets in Git: what the rollout commits to GitLab holds no plaintext secret. A scan of
 * each commit's files ({@link org.homelab.rollout.sops.CommitScan}) finds what would
 * leak; a file that must carry a secret is encrypted in SOPS's format for the age
 * recipients of the inventory ({@link org.homelab.rollout.sops.SopsYaml}). Plain classes,
 * no Camunda types (docs/secrets-in-git.md).
 */
package org.homelab.rollout.sops;
