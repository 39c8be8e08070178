/**
 * A plain client for the Proxmox Backup Server API
 * ({@code https://<host>:8007/api2/json}) on OkHttp: API-token or {@code root@pam} ticket
 * auth, TLS verified against a CA or pinned to the server's certificate fingerprint, one
 * operations interface per concern reached from {@link ProxmoxBackupOperations}, and
 * errors that carry what PBS said. It imports nothing from Camunda; waiting for PBS tasks
 * is the caller's business.
 */
package org.homelab.rollout.backup;
