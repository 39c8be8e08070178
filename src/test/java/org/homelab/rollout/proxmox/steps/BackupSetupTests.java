package org.homelab.rollout.proxmox.steps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.homelab.rollout.proxmox.BackupJob;
import org.homelab.rollout.proxmox.BackupJobRequest;
import org.homelab.rollout.proxmox.StorageEntry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * backup-setup's judgements without a lab: when an existing storage entry or job is the
 * wanted one, which guests a vzdump log says failed, and that the element templates name
 * the models' variables.
 */
class BackupSetupTests {

	static final String FINGERPRINT = String.join(":", Collections.nCopies(32, "AB"));

	static final String TOKEN = "pve-backup@pbs!pve";

	@Test
	void aMatchingStorageEntryIsAdoptedAndEachDifferenceIsNamed() {
		StorageEntry same = entry(Map.of("server", "127.0.10.25", "datastore", "homelab", "fingerprint",
				FINGERPRINT.toLowerCase(), "username", TOKEN));
		assertThat(EnsureBackupStorageDelegate.differences(same, "127.0.10.25", "homelab", FINGERPRINT, TOKEN))
			.isEmpty();

		StorageEntry other = entry(Map.of("server", "10.0.0.9", "datastore", "homelab", "fingerprint", FINGERPRINT,
				"username", "root@pam!x", "port", "8008"));

		assertThat(EnsureBackupStorageDelegate.differences(other, "127.0.10.25", "homelab", FINGERPRINT, TOKEN))
			.containsExactly("server 10.0.0.9 (wanted 127.0.10.25)", "port 8008 (wanted 8007)",
					"username root@pam!x (wanted " + TOKEN + ")");
	}

	@Test
	void aJobIsTheWantedOneOnlyWithTheSameGuestsScheduleAndNotification() {
		BackupJobRequest wanted = BackupJobRequest.of("homelab-rollout", "02:30", "pbs-homelab", List.of(101, 110))
			.withNotesTemplate("{{guestname}}")
			.withNotification(BackupJobRequest.Notification.mailOnFailure("ops@homelab.lan"));
		Map<String, String> values = Map.of("notes-template", "{{guestname}}", "notification-mode", "legacy-sendmail",
				"mailto", "ops@homelab.lan", "mailnotification", "failure");

		assertThat(EnsureBackupJobDelegate.matches(
				new BackupJob("homelab-rollout", "02:30", "pbs-homelab", List.of(110, 101), "snapshot", true, values),
				wanted))
			.isTrue();
		assertThat(EnsureBackupJobDelegate.matches(
				new BackupJob("homelab-rollout", "02:30", "pbs-homelab", List.of(101), "snapshot", true, values),
				wanted))
			.isFalse();
		assertThat(EnsureBackupJobDelegate.matches(
				new BackupJob("homelab-rollout", "03:00", "pbs-homelab", List.of(101, 110), "snapshot", true, values),
				wanted))
			.isFalse();
		assertThat(EnsureBackupJobDelegate.matches(new BackupJob("homelab-rollout", "02:30", "pbs-homelab",
				List.of(101, 110), "snapshot", true, Map.of("notes-template", "{{guestname}}")), wanted))
			.isFalse();
	}

	@Test
	void theGuestsAVzdumpLogSaysFailedAreFoundWithWhatItSaid() {
		List<String> log = List.of("INFO: Starting Backup of VM 101 (qemu)", "INFO: Starting Backup of VM 110 (qemu)",
				"ERROR: Backup of VM 101 failed - backup write data failed: No space left on device (os error 28)",
				"INFO: Finished Backup of VM 110", "TASK ERROR: job errors");

		assertThat(BackupSetupSteps.failedGuests(log))
			.containsExactly(Map.entry(101, "backup write data failed: No space left on device (os error 28)"));
	}

	@Test
	void theNewestBackupsBeforeARunSurviveTheirVariable() {
		Map<Integer, String> before = new LinkedHashMap<>();
		before.put(101, "pbs-homelab:backup/vm/101/2026-12-07T02:30:00Z");
		before.put(110, "");

		assertThat(BackupSetupSteps.before(BackupSetupSteps.before(before))).isEqualTo(before);
	}

	@Test
	void theElementTemplatesNameTheModelsVariables() throws IOException {
		assertThat(templateVariables("proxmox-backup-setup.json", "backup-setup")).containsExactlyInAnyOrder(
				BackupSetupVariables.PBS_ADDRESS, BackupSetupVariables.PBS_FINGERPRINT,
				BackupSetupVariables.PBS_TOKEN_PATH, BackupSetupVariables.STORAGE_CREATED,
				BackupSetupVariables.JOB_CREATED, BackupSetupVariables.JOB_ID, BackupSetupVariables.VMS,
				BackupSetupVariables.VMIDS, BackupSetupVariables.COMPLETED, BackupSetupVariables.VOLUMES);
		assertThat(templateVariables("proxmox-backup-remove.json", "backup-remove")).containsExactlyInAnyOrder(
				BackupSetupVariables.STORAGE_CREATED, BackupSetupVariables.JOB_CREATED, BackupSetupVariables.JOB_ID,
				BackupSetupVariables.VOLUMES);
	}

	private static List<String> templateVariables(String file, String process) throws IOException {
		JsonNode template = new ObjectMapper()
			.readTree(Files.readString(Path.of("processes/.camunda/element-templates/" + file)))
			.get(0);
		String bpmn = Files.readString(Path.of("processes/" + process + ".bpmn"));
		List<String> names = new ArrayList<>();
		for (JsonNode property : template.path("properties")) {
			JsonNode binding = property.path("binding");
			if (binding.path("name").asText().equals("calledElement")) {
				assertThat(property.path("value").asText()).isEqualTo(process);
			}
			if (binding.path("type").asText().equals("camunda:in") && binding.has("target")) {
				names.add(binding.path("target").asText());
			}
			if (binding.path("type").asText().equals("camunda:out")) {
				names.add(binding.path("source").asText());
			}
		}
		names.forEach(name -> assertThat(bpmn).contains(name));
		return names;
	}

	private static StorageEntry entry(Map<String, String> values) {
		Map<String, String> all = new HashMap<>(values);
		all.put("storage", "pbs-homelab");
		all.put("type", "pbs");
		all.put("content", "backup");
		return new StorageEntry("pbs-homelab", "pbs", List.of("backup"), false, all);
	}

}
