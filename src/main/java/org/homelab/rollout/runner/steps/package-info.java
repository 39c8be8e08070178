/**
 * GitLab Runner on K3s (issue 15, Phase 2.2), its own product: the steps of
 * {@code gitlab-runner-install} and {@code gitlab-runner-remove}. They compose the GitLab
 * client (the runner, its token shown once), Vault's secret writer (the token goes
 * straight there), the External Secrets connection (the token reaches K3s only through an
 * ExternalSecret) and Kubernetes' manifests; the Helm release is install-helm-release's.
 * Processes carry ids, flags and paths (see
 * {@link org.homelab.rollout.runner.steps.RunnerVariables}), never the token.
 */
package org.homelab.rollout.runner.steps;
