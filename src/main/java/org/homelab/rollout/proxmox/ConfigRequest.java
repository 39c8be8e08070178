package org.homelab.rollout.proxmox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Configuration changes for {@code PUT /nodes/{node}/qemu/{vmid}/config}: sizing,
 * cloud-init (user, SSH keys, ipconfig0, DNS), the guest agent, tags and description.
 * Only what is set is sent. Immutable: each {@code with...} returns a copy.
 */
public final class ConfigRequest {

	private final Map<String, Object> values;

	private ConfigRequest(Map<String, Object> values) {
		this.values = Map.copyOf(values);
	}

	public static ConfigRequest create() {
		return new ConfigRequest(Map.of());
	}

	public ConfigRequest withCores(int cores) {
		return with("cores", cores);
	}

	public ConfigRequest withMemoryMb(int memoryMb) {
		return with("memory", memoryMb);
	}

	/** cloud-init: the user created in the guest. */
	public ConfigRequest withCiUser(String user) {
		return with("ciuser", user);
	}

	/**
	 * cloud-init: authorized keys, one per line. Sent percent-encoded before the form
	 * encoding, as PVE requires (it checks and stores them urlencoded).
	 */
	public ConfigRequest withSshKeys(List<String> keys) {
		return keys.isEmpty() ? this : with("sshkeys", SshKeys.encode(String.join("\n", keys)));
	}

	/** e.g. {@code ip=192.168.1.21/24,gw=192.168.1.1} or {@code ip=dhcp}. */
	public ConfigRequest withIpConfig0(String ipconfig) {
		return with("ipconfig0", ipconfig);
	}

	/** cloud-init: name servers, space-separated. */
	public ConfigRequest withNameservers(List<String> nameservers) {
		return with("nameserver", String.join(" ", nameservers));
	}

	public ConfigRequest withSearchDomain(String domain) {
		return with("searchdomain", domain);
	}

	/**
	 * Enables the QEMU guest agent (agent=1): the rollout reads addresses and runs
	 * scripts through it.
	 */
	public ConfigRequest withAgent(boolean enabled) {
		return with("agent", enabled);
	}

	/** Tags, joined with ';'. */
	public ConfigRequest withTags(List<String> tags) {
		return with("tags", String.join(";", tags));
	}

	public ConfigRequest withDescription(String description) {
		return with("description", description);
	}

	/**
	 * A new disk {@code disk} (e.g. {@code scsi1}) of {@code sizeGb} GiB allocated on
	 * {@code storage}: PVE's {@code STORAGE:SIZE} syntax, the volume named by PVE.
	 */
	public ConfigRequest withNewDisk(String disk, String storage, int sizeGb) {
		if (!disk.matches("(scsi|virtio|sata)\\d+") || !storage.matches("[a-z][a-z0-9\\-_.]*[a-z0-9]")) {
			throw new IllegalArgumentException("disk " + disk + " on storage " + storage
					+ " refused: a disk such as scsi1 on a storage id such as local-lvm");
		}
		return with(disk, storage + ":" + sizeGb);
	}

	/**
	 * Removes settings ({@code delete}); a disk removed so becomes {@code unusedN}, its
	 * volume kept until that is removed too.
	 */
	public ConfigRequest withDeleted(List<String> names) {
		return with("delete", String.join(",", names));
	}

	/** The parameter names this request sets, in no particular order. */
	public java.util.Set<String> names() {
		return this.values.keySet();
	}

	private ConfigRequest with(String name, Object value) {
		Map<String, Object> copy = new LinkedHashMap<>(this.values);
		copy.put(name, value);
		return new ConfigRequest(copy);
	}

	Form form() {
		Form form = new Form();
		this.values.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey())
			.forEach(entry -> form.add(entry.getKey(), entry.getValue()));
		return form;
	}

}
