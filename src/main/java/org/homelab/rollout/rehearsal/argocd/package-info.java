/**
 * The rehearsal lab's Argo CD: argocd-server's REST API (checked against
 * {@code argocd-swagger.json}), the application controller reconciling Applications from
 * the lab GitLab into the lab K3s, and its metrics. See docs/argocd.md.
 */
package org.homelab.rollout.rehearsal.argocd;
