/**
 * Argo CD on K3s (issue 16, Phase 3.1): the steps of {@code argocd-install} and
 * {@code argocd-remove}. They compose the Argo CD client (the admin password moved into
 * Vault, the repository's connection), the GitLab client (the gitops deploy token, shown
 * once), Vault (both straight there; the engine may read back the admin password only)
 * and Kubernetes (the chart's initial Secret, the repository's ExternalSecret); the Helm
 * release is install-helm-release's. Processes carry ids, flags and paths (see
 * {@link org.homelab.rollout.argocd.steps.ArgoCdVariables}), never a secret.
 */
package org.homelab.rollout.argocd.steps;
