package org.homelab.rollout.proxmox.steps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.homelab.rollout.criteria.Criterion;
import org.homelab.rollout.proxmox.BackupVolume;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * What restore-test decides apart from Proxmox: which backup, how its outcome reads,
 * which check it runs, and the Modeler template that calls it.
 */
class RestoreTestTests {

	static final RestoreTest.Backup BACKUP = new RestoreTest.Backup("vault", 101,
			"pbs-homelab:backup/vm/101/2026-12-07T02:30:00Z", Instant.parse("2026-12-07T02:30:00Z"), 120);

	@Test
	void theNewestBackupIsTakenWhateverTheListingsOrder() {
		BackupVolume older = volume("2026-12-06T02:30:00Z");
		BackupVolume newer = volume("2026-12-07T02:30:00Z");

		assertThat(RestoreTest.newest(List.of(newer, older))).contains(newer);
		assertThat(RestoreTest.newest(List.of(older, newer))).contains(newer);
		assertThat(RestoreTest.newest(List.of())).isEmpty();
	}

	@Test
	void nothingToRestoreIsNeverAPass() {
		Criterion outcome = RestoreTest.outcome(null, RestoreTest.noBackup("vault", 101, "pbs-homelab"), null, "vault",
				null);

		assertThat(outcome.met()).isFalse();
		assertThat(outcome.result()).startsWith("No backup of VM 'vault' (VMID 101) on storage pbs-homelab");
	}

	@Test
	void aFailedStepIsUnmetNamingTheBackupAndWhatProxmoxSaid() {
		Criterion outcome = RestoreTest.outcome(BACKUP, null,
				"The script 'restore-check-vault' in VM 120 exited with 1; stderr ends: cat: /etc/vault.d/vault.hcl: "
						+ "No such file or directory",
				"vault", null);

		assertThat(outcome.met()).isFalse();
		assertThat(outcome.result()).contains("VM 'vault' (VMID 101)")
			.contains("2026-12-07T02:30:00Z")
			.contains("scratch VMID 120")
			.contains("cat: /etc/vault.d/vault.hcl: No such file or directory")
			.contains("not touched");
	}

	@Test
	void aPassNamesWhatWasRestoredAndQuotesTheCheckShort() {
		Criterion outcome = RestoreTest.outcome(BACKUP, null, null, "vault",
				"vault: config present\n" + "x".repeat(500) + "\n");

		assertThat(outcome.met()).isTrue();
		assertThat(outcome.result()).contains("pbs-homelab:backup/vm/101/2026-12-07T02:30:00Z")
			.contains("check 'vault' passed: vault: config present | xxx")
			.contains("…; scratch VM destroyed");
		assertThat(outcome.result()).hasSizeLessThan(500);
	}

	@Test
	void aCheckNameThatIsNotAFileNameIsRefused() {
		RestoreChecks checks = new RestoreChecks(Path.of("deploy/backup/restore-checks"));

		assertThat(checks.script("vault")).contains("/etc/vault.d/vault.hcl");
		assertThatIllegalArgumentException().isThrownBy(() -> checks.script("../../etc/passwd"));
		assertThatIllegalArgumentException().isThrownBy(() -> checks.script(null));
	}

	@Test
	void theModelerTemplateCallsRestoreTestWithWhatItReadsAndSets() throws IOException {
		JsonNode template = new ObjectMapper()
			.readTree(Files.readString(Path.of("processes/.camunda/element-templates/proxmox-restore-test.json")))
			.get(0);
		String bpmn = Files.readString(Path.of("processes/restore-test.bpmn"));
		List<String> names = new ArrayList<>();
		for (JsonNode property : template.path("properties")) {
			JsonNode binding = property.path("binding");
			if (binding.path("name").asText().equals("calledElement")) {
				assertThat(property.path("value").asText()).isEqualTo("restore-test");
			}
			if (binding.path("type").asText().equals("camunda:in") && binding.has("target")) {
				names.add(binding.path("target").asText());
			}
			if (binding.path("type").asText().equals("camunda:out")) {
				names.add(binding.path("source").asText());
			}
		}
		assertThat(names).containsExactlyInAnyOrder(RestoreTestVariables.VM, RestoreTestVariables.CHECK,
				ProxmoxVariables.ROLLOUT_RUN, RestoreTestVariables.MET, RestoreTestVariables.RESULT);
		names.forEach(name -> assertThat(bpmn).contains(name));
	}

	private static BackupVolume volume(String time) {
		return new BackupVolume("pbs-homelab:backup/vm/101/" + time, 101, Instant.parse(time), 1024, "pbs-vm", null,
				null);
	}

}
