/**
 * The rehearsal lab's K3s cluster.
 * {@link org.homelab.rollout.rehearsal.kubernetes.KubernetesLab} runs fabric8's CRUD mock
 * API server over HTTPS, seeded with the plan's nodes and the contract CRDs, and hands
 * out a kubeconfig as K3s writes it. In front of the mock, {@code LabDispatcher}
 * authenticates, injects faults, journals, serves discovery and pod logs, implements
 * server-side apply and checks contract custom resources against their CRD schemas
 * (pruning, defaults, 422 refusals). Behind it, {@code HelmController} plays K3s's
 * helm-controller through the API server, as the real one does: finalizer,
 * {@code helm-install-*} and {@code helm-delete-*} Jobs with pods and logs, the release's
 * Deployment placed by its values, HelmChartConfig overrides.
 */
package org.homelab.rollout.rehearsal.kubernetes;
