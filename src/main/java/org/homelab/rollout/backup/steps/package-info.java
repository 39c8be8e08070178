/**
 * Phase 4's steps: Proxmox Backup Server installed and configured on its VM (pbs-install,
 * pbs-remove), the backups' live looks, the restore tests' summary, the disaster-recovery
 * runbook and the phase's success criteria.
 */
package org.homelab.rollout.backup.steps;
