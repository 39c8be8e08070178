/**
 * The rehearsal lab's GitLab CE (Omnibus):
 * {@link org.homelab.rollout.rehearsal.gitlab.GitlabApt} is GitLab's apt repository,
 * {@link org.homelab.rollout.rehearsal.gitlab.GitlabService} runs {@code gitlab-ctl},
 * {@code gitlab-rails runner} and {@code gitlab-backup} on the {@code gitlab-ce} VM and
 * serves GitLab's health probes and a subset of API v4 at the VM's address once
 * {@code gitlab-ctl reconfigure} ran, every request checked against the published Swagger
 * 2.0 contract.
 */
package org.homelab.rollout.rehearsal.gitlab;
