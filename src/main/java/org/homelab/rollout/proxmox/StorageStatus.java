package org.homelab.rollout.proxmox;

/**
 * A storage as one node sees it ({@code GET /nodes/{node}/storage/{storage}/status}):
 * {@code active} when the node reaches it (for pbs: the server answered with that
 * fingerprint and token), sizes in bytes (0 when inactive).
 */
public record StorageStatus(String type, boolean active, boolean enabled, long total, long used, long avail) {
}
