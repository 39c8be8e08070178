package org.homelab.rollout.proxmox;

import java.util.List;
import java.util.Optional;

/** Storage entries of the cluster (storage.cfg) and how a node sees them. */
public interface ProxmoxStorageOperations {

	/**
	 * The entry, or empty when there is none.
	 * @see <a href="https://pve.proxmox.com/pve-docs/api-viewer/#/storage/{storage}">GET
	 * /storage/{storage}</a>
	 */
	Optional<StorageEntry> find(String storage);

	/** Every entry. */
	List<StorageEntry> list();

	/**
	 * Adds a pbs storage. PVE reaches the datastore before it stores the entry: a wrong
	 * server, fingerprint or token fails the call ({@link ProxmoxApiException} with PVE's
	 * words) and leaves nothing behind. The token secret travels only in this call's
	 * form.
	 * @see <a href="https://pve.proxmox.com/pve-docs/api-viewer/#/storage">POST
	 * /storage</a>
	 */
	void createPbs(PbsStorage storage);

	/**
	 * Removes the entry (not the backups on it).
	 * @see <a href=
	 * "https://pve.proxmox.com/pve-docs/api-viewer/#/storage/{storage}">DELETE
	 * /storage/{storage}</a>
	 */
	void delete(String storage);

	/**
	 * Whether the node reaches the storage, and its sizes.
	 * @see <a href=
	 * "https://pve.proxmox.com/pve-docs/api-viewer/#/nodes/{node}/storage/{storage}/status">GET
	 * /nodes/{node}/storage/{storage}/status</a>
	 */
	StorageStatus status(String node, String storage);

	/**
	 * The backups of one guest on a storage, oldest first.
	 * @see <a href=
	 * "https://pve.proxmox.com/pve-docs/api-viewer/#/nodes/{node}/storage/{storage}/content">GET
	 * /nodes/{node}/storage/{storage}/content</a>
	 */
	List<BackupVolume> backups(String node, String storage, int vmid);

	/** Every backup on a storage, oldest first. */
	List<BackupVolume> backups(String node, String storage);

}
