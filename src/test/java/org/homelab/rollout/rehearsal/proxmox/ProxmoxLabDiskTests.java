package org.homelab.rollout.rehearsal.proxmox;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A disk added as {@code STORAGE:SIZE} gets a volume of its own, and the guest sees it as
 * QEMU names it: blkid finds no file system until mkfs.ext4 makes one, mount takes what
 * /etc/fstab says and lists it in /proc/mounts, a disk the configuration lacks does not
 * exist; {@code $(command)} gives the command's output as one word.
 */
class ProxmoxLabDiskTests {

	private static final String DEVICE = "/dev/disk/by-id/scsi-0QEMU_QEMU_HARDDISK_drive-scsi1";

	@Test
	void anAddedDiskIsFormattedOnceMountedFromFstabAndAMissingOneDoesNotExist() {
		try (ProxmoxLab lab = new ProxmoxLab()) {
			lab.start();
			PveClient pve = PveClient.trusting(lab);
			pve.waitFor(pve.post("/nodes/pve/qemu/9000/clone", "newid", "150", "name", "disks").data().asText());
			pve.waitFor(pve.post("/nodes/pve/qemu/150/status/start").data().asText());
			for (int i = 0; i < 500 && pve.post("/nodes/pve/qemu/150/agent/ping").code() != 200; i++) {
				PveClient.sleep(10);
			}
			JsonNode missing = run(pve, "mkfs.ext4 -q " + DEVICE);
			assertThat(missing.path("exitcode").asInt()).isEqualTo(1);
			assertThat(missing.path("err-data").asText()).contains(DEVICE + " does not exist");

			assertThat(pve.put("/nodes/pve/qemu/150/config", "scsi1", "local-lvm:100").code()).isEqualTo(200);

			String drive = pve.get("/nodes/pve/qemu/150/config").data().path("scsi1").asText();
			assertThat(drive).matches("local-lvm:vm-150-disk-\\d+,size=100G");
			String script = """
					set -eu
					blkid -o value -s TYPE %1$s || mkfs.ext4 -q %1$s
					mkdir -p /mnt/datastore/homelab
					grep -q " /mnt/datastore/homelab " /etc/fstab || echo "%1$s /mnt/datastore/homelab ext4 defaults,nofail 0 2" >> /etc/fstab
					mountpoint -q /mnt/datastore/homelab || mount /mnt/datastore/homelab
					echo "type=$(blkid -o value -s TYPE %1$s)"
					cat /proc/mounts
					"""
				.formatted(DEVICE);
			JsonNode first = run(pve, script);
			assertThat(first.path("exitcode").asInt()).as(first.toString()).isZero();
			assertThat(first.path("out-data").asText()).contains("type=ext4\n")
				.contains("/dev/sdb /mnt/datastore/homelab ext4 rw,relatime 0 0\n");
			// a second run finds the file system and the mount: nothing done twice
			JsonNode second = run(pve, script);
			assertThat(second.path("exitcode").asInt()).isZero();
			assertThat(second.path("out-data").asText()).startsWith("ext4\n");
			assertThat(second.path("out-data").asText().split("/mnt/datastore/homelab ext4", -1)).hasSize(2);
			JsonNode again = run(pve, "mount /mnt/datastore/homelab");
			assertThat(again.path("exitcode").asInt()).isEqualTo(32);
			assertThat(again.path("err-data").asText()).contains("already mounted");
		}
	}

	private static JsonNode run(PveClient pve, String script) {
		int pid = pve.post("/nodes/pve/qemu/150/agent/exec", "command", "bash", "input-data", script)
			.data()
			.path("pid")
			.asInt();
		for (int i = 0; i < 200; i++) {
			JsonNode status = pve.get("/nodes/pve/qemu/150/agent/exec-status", "pid", String.valueOf(pid)).data();
			if (status.path("exited").asInt() == 1) {
				return status;
			}
			PveClient.sleep(20);
		}
		throw new AssertionError("the script did not end: " + script);
	}

}
