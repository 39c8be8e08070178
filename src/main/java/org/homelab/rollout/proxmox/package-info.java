/**
 * A plain client for the Proxmox VE API on OkHttp: API-token auth, TLS verified against a
 * CA or pinned to the node's certificate fingerprint, one operations interface per
 * concern reached from {@link ProxmoxOperations}, and errors that carry what Proxmox
 * said. It imports nothing from Camunda; waiting for tasks is the caller's business (the
 * {@code steps} package waits at external tasks, never on a thread).
 */
package org.homelab.rollout.proxmox;
