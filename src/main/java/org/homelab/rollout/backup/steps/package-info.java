/**
 * Phase 4.1's steps for Proxmox Backup Server on the proxmox-backup VM (docs/backup.md):
 * the datastore's own disk (allocated through Proxmox VE, formatted and mounted through
 * the guest agent), the package from Proxmox's repository, the engine's admin user with
 * its password straight into Vault, the datastore with its prune and verify jobs, Proxmox
 * VE's backup token and the exporter's audit token straight into Vault, the exporter's
 * unit, and the undo of exactly what a run made. Thin delegates and waits over
 * {@link org.homelab.rollout.backup.ProxmoxBackupOperations}, the Proxmox VE client and
 * Vault; the models {@code processes/pbs-*.bpmn} hold the order.
 */
package org.homelab.rollout.backup.steps;
