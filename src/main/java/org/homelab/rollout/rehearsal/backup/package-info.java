/**
 * The rehearsal lab's simulated Proxmox Backup Server 4:
 * {@link org.homelab.rollout.rehearsal.backup.PbsApt} installs it on a lab VM as the
 * Debian package does, {@link org.homelab.rollout.rehearsal.backup.PbsLab} serves its API
 * on port 8007 of the VM's address over HTTPS with its own self-signed certificate,
 * checks every request against the published schema, runs datastore creation, garbage
 * collection, prune and verify as tasks with UPIDs, and
 * {@link org.homelab.rollout.rehearsal.backup.PbsService} lets the lab's Proxmox VE reach
 * each server's datastores as its pbs storage does.
 */
package org.homelab.rollout.rehearsal.backup;
