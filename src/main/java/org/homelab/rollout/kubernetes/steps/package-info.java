/**
 * The Kubernetes steps of the models: thin delegates that map process variables to one
 * call of {@link org.homelab.rollout.kubernetes.KubernetesOperations}, and the wait
 * conditions of the Helm Jobs and the release's workloads. Variable names are in
 * {@link org.homelab.rollout.kubernetes.steps.HelmReleaseVariables}.
 */
package org.homelab.rollout.kubernetes.steps;
