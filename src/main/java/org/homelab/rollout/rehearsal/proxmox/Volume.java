package org.homelab.rollout.rehearsal.proxmox;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A volume on a storage, as {@code GET /nodes/{node}/storage/{storage}/content} lists it.
 */
record Volume(String volid, String content, String format, long size, long ctime, int vmid, String notes) {

	String storage() {
		return this.volid.substring(0, this.volid.indexOf(':'));
	}

	Map<String, Object> entry() {
		Map<String, Object> entry = new LinkedHashMap<>();
		entry.put("volid", this.volid);
		entry.put("content", this.content);
		entry.put("format", this.format);
		entry.put("size", this.size);
		entry.put("ctime", this.ctime);
		if (this.vmid > 0) {
			entry.put("vmid", this.vmid);
		}
		if ("backup".equals(this.content)) {
			entry.put("subtype", "qemu");
		}
		if (this.notes != null) {
			entry.put("notes", this.notes);
		}
		return entry;
	}

}
