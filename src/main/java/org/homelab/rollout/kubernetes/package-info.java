/**
 * The K3s cluster, reached with fabric8 from the inventory's kubeconfig. Helm releases
 * are K3s HelmChart resources ({@code helm.cattle.io/v1}) that its helm-controller
 * installs with a {@code helm-install-<name>} Job; plain manifests are created or
 * updated; {@code ClusterSecretStores}, {@code ExternalSecrets} and
 * {@code ArgoCdApplications} build the custom resources of the plan (each checked against
 * its CRD in tests). One operations interface per concern, reached from
 * {@link org.homelab.rollout.kubernetes.KubernetesOperations}; nothing here knows the
 * engine.
 */
package org.homelab.rollout.kubernetes;
