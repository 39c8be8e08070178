/**
 * Phase 2.1's steps for GitLab CE on its VM (docs/gitlab.md): install (Omnibus from
 * GitLab's apt repository through the guest agent), the initial root password and the
 * engine's API token straight into Vault, the group and projects seeded from
 * {@code deploy/gitlab/}, the success criterion, the token's rotation and the undo. Thin
 * delegates over {@link org.homelab.rollout.gitlab.GitlabOperations}, the guest agent and
 * Vault; the models in {@code processes/gitlab-*.bpmn} hold the order.
 */
package org.homelab.rollout.gitlab.steps;
