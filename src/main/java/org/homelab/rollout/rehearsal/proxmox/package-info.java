/**
 * The rehearsal lab's simulated Proxmox VE 9.1 node:
 * {@link org.homelab.rollout.rehearsal.proxmox.ProxmoxLab} serves the real API over
 * HTTPS, checks every request against the published schema, runs long operations as tasks
 * with UPIDs, and simulates guests down to their agent, files and services.
 */
package org.homelab.rollout.rehearsal.proxmox;
