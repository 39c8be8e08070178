/**
 * GitLab CE (Phase 2): a plain REST client of API v4 ({@link GitlabOperations}, the token
 * asked of a {@link GitlabTokenSource} at each call) and the {@code gitlab.rb} generated
 * from the inventory. No Camunda types: steps live in a subpackage.
 */
package org.homelab.rollout.gitlab;
