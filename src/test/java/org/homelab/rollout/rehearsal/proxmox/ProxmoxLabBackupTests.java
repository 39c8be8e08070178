package org.homelab.rollout.rehearsal.proxmox;

import com.fasterxml.jackson.databind.JsonNode;
import org.homelab.rollout.support.Contract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProxmoxLabBackupTests {

	static ProxmoxLab lab;

	static PveClient pve;

	@BeforeAll
	static void start() {
		lab = new ProxmoxLab();
		lab.start();
		pve = PveClient.trusting(lab);
	}

	@AfterAll
	static void stop() {
		lab.close();
	}

	@Test
	void vzdumpLocksTheGuestAndLeavesAnArchiveThatRestores() {
		String clone = pve.post("/nodes/pve/qemu/9000/clone", "newid", "130", "name", "db").data().asText();
		pve.waitFor(clone);
		pve.put("/nodes/pve/qemu/130/config", "cores", "3");
		String dump = pve
			.post("/nodes/pve/vzdump", "vmid", "130", "storage", "local", "mode", "snapshot", "compress", "zstd")
			.data()
			.asText();
		assertThat(dump).contains(":vzdump:130:");
		assertThat(lab.vm(130).orElseThrow().lock()).isEqualTo("backup");
		assertThat(pve.waitFor(dump).path("exitstatus").asText()).isEqualTo("OK");
		assertThat(lab.vm(130).orElseThrow().lock()).isNull();

		JsonNode backups = pve.get("/nodes/pve/storage/local/content", "content", "backup").data();
		assertThat(backups).hasSize(1);
		String volid = backups.get(0).path("volid").asText();
		assertThat(volid).matches("local:backup/vzdump-qemu-130-\\d{4}_\\d{2}_\\d{2}-\\d{2}_\\d{2}_\\d{2}\\.vma\\.zst");
		assertThat(backups.get(0).path("vmid").asInt()).isEqualTo(130);

		String restore = pve.post("/nodes/pve/qemu", "vmid", "131", "archive", volid, "storage", "local-lvm")
			.data()
			.asText();
		assertThat(restore).contains(":qmrestore:131:");
		assertThat(lab.vm(131).orElseThrow().lock()).isEqualTo("create");
		assertThat(pve.waitFor(restore).path("exitstatus").asText()).isEqualTo("OK");
		assertThat(lab.vm(131).orElseThrow().config()).containsEntry("cores", "3").containsEntry("name", "db");
		assertThat(pve.post("/nodes/pve/qemu", "vmid", "131", "archive", volid).reason()).contains("already exists");
	}

	@Test
	void backupJobsAreStoredAndListed() {
		Contract.PROXMOX_VE.require("the lab refusing a backup job without its parameters as PVE does is");
		assertThat(pve
			.post("/cluster/backup", "id", "nightly", "vmid", "130,131", "storage", "local", "schedule", "02:00",
					"mode", "snapshot")
			.code()).isEqualTo(200);
		JsonNode jobs = pve.get("/cluster/backup").data();
		assertThat(jobs.findValuesAsText("id")).contains("nightly");
		assertThat(pve.get("/cluster/backup/nightly").data().path("schedule").asText()).isEqualTo("02:00");
		assertThat(pve.post("/cluster/backup", "id", "nightly", "all", "1").code()).isEqualTo(500);
	}

}
