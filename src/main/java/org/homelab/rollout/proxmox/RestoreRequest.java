package org.homelab.rollout.proxmox;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A restore (qmrestore through {@code POST /nodes/{node}/qemu} with {@code archive}) into
 * a new VMID: the backed-up config with new MAC addresses ({@code unique}), options given
 * here overriding it (PVE's override_conf, disks excepted), not started.
 *
 * @param vmid the VMID the guest is restored to; a VMID in use fails the call (no
 * {@code force}: a restore never replaces a guest)
 * @param archive the backup's volid, as the storage's content listing gives it
 * @param storage where the disks go, or null for where they were
 * @param overrides config options that replace the backed-up ones, e.g. net0
 */
public record RestoreRequest(int vmid, String archive, String storage, Map<String, String> overrides) {

	public RestoreRequest {
		Objects.requireNonNull(archive, "archive");
		overrides = Map.copyOf(overrides);
	}

	public static RestoreRequest of(int vmid, String archive) {
		return new RestoreRequest(vmid, archive, null, Map.of());
	}

	public RestoreRequest withStorage(String storage) {
		return new RestoreRequest(this.vmid, this.archive, storage, this.overrides);
	}

	/** One more config option that replaces the backed-up one. */
	public RestoreRequest withOverride(String option, String value) {
		Map<String, String> more = new LinkedHashMap<>(this.overrides);
		more.put(option, value);
		return new RestoreRequest(this.vmid, this.archive, this.storage, more);
	}

	/**
	 * Kept off the network: net0 unplugged ({@code link_down=1}) on this bridge, so the
	 * copy can never answer in place of the original, not started at boot, and named so a
	 * person sees what it is. The guest agent still answers (it talks over virtio serial,
	 * not the network).
	 */
	public RestoreRequest isolated(String bridge, String name) {
		return withOverride("net0", "virtio,bridge=" + bridge + ",link_down=1").withOverride("onboot", "0")
			.withOverride("name", name);
	}

	Form form() {
		Form form = new Form().add("vmid", this.vmid)
			.add("archive", this.archive)
			.add("storage", this.storage)
			.add("unique", true)
			.add("start", false);
		this.overrides.forEach(form::add);
		return form;
	}

}
