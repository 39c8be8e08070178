package org.homelab.rollout.rehearsal.backup;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.homelab.rollout.rehearsal.Contracts;
import org.homelab.rollout.support.Contract;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lab's reading of the published PBS schema: the tree of three roots walked from
 * {@code /}, literal segments before variables, and the schema's Perl-style patterns
 * (POSIX classes, Python-style named groups) understood as PBS understands them.
 */
class PbsSchemaTests {

	private static PbsSchema schema;

	@BeforeAll
	static void load() {
		Contract.PROXMOX_BACKUP.require("the lab's reading of the PBS schema is");
		schema = PbsSchema.load(Contracts.locate().proxmoxBackupSchema());
	}

	@Test
	void findsMethodsByPathPreferringLiteralSegments() {
		assertThat(schema.lookup("GET", List.of("admin", "datastore", "backup", "snapshots")).template())
			.isEqualTo("/admin/datastore/{store}/snapshots");
		assertThat(schema.lookup("POST", List.of("admin", "datastore", "backup", "gc")).template())
			.isEqualTo("/admin/datastore/{store}/gc");
		assertThat(schema.lookup("GET", List.of("status", "datastore-usage")).template())
			.isEqualTo("/status/datastore-usage");
		assertThat(schema.lookup("PATCH", List.of("version")).found()).isFalse();
		assertThat(schema.lookup("GET", List.of("no", "such")).found()).isFalse();
		assertThat(schema.lookup("GET", List.of("backup", "_upgrade_")).found()).as("only the / root is the API")
			.isFalse();
	}

	@Test
	void upidsTheLabMakesPassThePatternAndOthersDoNot() {
		PbsTasks tasks = new PbsTasks("proxmox-backup", Clock.systemUTC());
		PbsState.Task task = tasks.start(new PbsState(), "verificationjob", "backup:verify-weekly",
				"pve-backup@pbs!pve", Duration.ZERO, "OK", List.of());
		PbsSchema.Lookup status = schema.lookup("GET", List.of("nodes", "localhost", "tasks", task.upid(), "status"));

		assertThat(schema.validate(status, Map.of("node", List.of("localhost"), "upid", List.of(task.upid()))))
			.isEmpty();
		assertThat(task.upid()).contains(":verificationjob:backup\\x3averify\\x2dweekly:pve-backup@pbs!pve:");
		assertThat(schema.validate(status, Map.of("node", List.of("localhost"), "upid",
				List.of("UPID:proxmox-backup:1:2:3:4:backup:x:root@pam:"))))
			.containsKey("upid");
	}

	@Test
	void controlCharactersAreRefusedWhereTheSchemaSaysNotCntrl() {
		PbsSchema.Lookup create = schema.lookup("POST", List.of("access", "users"));

		assertThat(schema.validate(create, Map.of("userid", List.of("pve-backup@pbs"), "comment", List.of("ok"))))
			.isEmpty();
		assertThat(schema.validate(create, Map.of("userid", List.of("pve-backup@pbs"), "comment", List.of("a\u0007b"))))
			.containsEntry("comment", "value does not match the regex pattern");
		assertThat(schema.validate(create, Map.of("userid", List.of("no realm")))).containsKey("userid");
	}

}
