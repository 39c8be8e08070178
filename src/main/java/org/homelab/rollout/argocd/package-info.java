/**
 * Argo CD (Phase 3.1): a plain client of its REST API ({@link ArgoCdOperations}; session
 * login with the admin password asked of an {@link ArgoCdPasswordSource} at each login).
 * No Camunda types: steps live in a subpackage.
 */
package org.homelab.rollout.argocd;
