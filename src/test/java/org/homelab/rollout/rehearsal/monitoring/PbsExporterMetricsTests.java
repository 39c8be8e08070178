package org.homelab.rollout.rehearsal.monitoring;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.homelab.rollout.rehearsal.proxmox.BackupServers.Datastore;
import org.homelab.rollout.rehearsal.proxmox.BackupServers.Snapshot;
import org.homelab.rollout.support.Tool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lab's pbs-exporter text: what v0.9.3 prints for a PBS's datastores, accepted by the
 * real {@code promtool check metrics}.
 */
class PbsExporterMetricsTests {

	static final PbsExporterMetrics.Version VERSION = new PbsExporterMetrics.Version("3.4", "1", "a1b2c3d4");

	static final Instant NIGHT_1 = Instant.parse("2026-12-06T02:00:00Z");

	static final Instant NIGHT_2 = Instant.parse("2026-12-07T02:00:00Z");

	@TempDir
	Path dir;

	@Test
	void rendersTheExportersFamiliesInItsOrderWithItsLabelsAndNumbers() {
		InMemoryDatastore store = new InMemoryDatastore(1_073_741_824L * 500, 1_073_741_824L * 120);
		store.add(snapshot(101, "vault", NIGHT_1, "ok"));
		store.add(snapshot(101, "vault", NIGHT_2, "failed"));
		store.add(snapshot(99, "frontend", NIGHT_2, "ok"));
		store.add(snapshot(102, "gitlab-ce", NIGHT_2, null));

		String text = PbsExporterMetrics.render(VERSION, Map.of("backup", store));

		assertThat(text).isEqualTo(
				"""
						# HELP pbs_available The available bytes of the underlying storage.
						# TYPE pbs_available gauge
						pbs_available{datastore="backup"} 4.0802189312e+11
						# HELP pbs_size The size of the underlying storage in bytes.
						# TYPE pbs_size gauge
						pbs_size{datastore="backup"} 5.36870912e+11
						# HELP pbs_snapshot_count The total number of backups.
						# TYPE pbs_snapshot_count gauge
						pbs_snapshot_count{datastore="backup",namespace=""} 4
						# HELP pbs_snapshot_vm_count The total number of backups per VM.
						# TYPE pbs_snapshot_vm_count gauge
						pbs_snapshot_vm_count{datastore="backup",namespace="",vm_id="101",vm_name="vault"} 2
						pbs_snapshot_vm_count{datastore="backup",namespace="",vm_id="102",vm_name="gitlab-ce"} 1
						pbs_snapshot_vm_count{datastore="backup",namespace="",vm_id="99",vm_name="frontend"} 1
						# HELP pbs_snapshot_vm_last_timestamp The timestamp of the last backup of a VM.
						# TYPE pbs_snapshot_vm_last_timestamp gauge
						pbs_snapshot_vm_last_timestamp{datastore="backup",namespace="",vm_id="101",vm_name="vault"} 1.7966088e+09
						pbs_snapshot_vm_last_timestamp{datastore="backup",namespace="",vm_id="102",vm_name="gitlab-ce"} 1.7966088e+09
						pbs_snapshot_vm_last_timestamp{datastore="backup",namespace="",vm_id="99",vm_name="frontend"} 1.7966088e+09
						# HELP pbs_snapshot_vm_last_verify The verify status of the last backup of a VM.
						# TYPE pbs_snapshot_vm_last_verify gauge
						pbs_snapshot_vm_last_verify{datastore="backup",namespace="",vm_id="101",vm_name="vault"} 0
						pbs_snapshot_vm_last_verify{datastore="backup",namespace="",vm_id="102",vm_name="gitlab-ce"} 0
						pbs_snapshot_vm_last_verify{datastore="backup",namespace="",vm_id="99",vm_name="frontend"} 1
						# HELP pbs_up Was the last query of PBS successful.
						# TYPE pbs_up gauge
						pbs_up 1
						# HELP pbs_used The used bytes of the underlying storage.
						# TYPE pbs_used gauge
						pbs_used{datastore="backup"} 1.2884901888e+11
						# HELP pbs_version Version of the PBS installation.
						# TYPE pbs_version gauge
						pbs_version{release="1",repoid="a1b2c3d4",version="3.4"} 1
						""");
	}

	@Test
	void theNewestSnapshotOfAGuestDecidesItsTimestampAndVerifyWhateverTheListingOrder() {
		InMemoryDatastore store = new InMemoryDatastore(1000, 10);
		store.add(snapshot(101, "vault", NIGHT_2, "ok"));
		store.add(snapshot(101, "vault", NIGHT_1, "failed"));

		String text = PbsExporterMetrics.render(VERSION, Map.of("backup", store));

		assertThat(text)
			.contains("pbs_snapshot_vm_last_timestamp{datastore=\"backup\",namespace=\"\",vm_id=\"101\","
					+ "vm_name=\"vault\"} " + PbsExporterMetrics.goFloat(NIGHT_2.getEpochSecond()) + "\n")
			.contains("pbs_snapshot_vm_last_verify{datastore=\"backup\",namespace=\"\",vm_id=\"101\","
					+ "vm_name=\"vault\"} 1\n");
	}

	@Test
	void everyDatastoreGetsItsSeriesAndAnEmptyOneOnlyItsUsage() {
		InMemoryDatastore empty = new InMemoryDatastore(2000, 0);
		InMemoryDatastore full = new InMemoryDatastore(1000, 900);
		full.add(snapshot(101, "vault", NIGHT_1, "ok"));

		String text = PbsExporterMetrics.render(VERSION, Map.of("offsite", empty, "backup", full));

		assertThat(text).contains("pbs_used{datastore=\"backup\"} 900\npbs_used{datastore=\"offsite\"} 0\n",
				"pbs_available{datastore=\"backup\"} 100\npbs_available{datastore=\"offsite\"} 2000\n",
				"pbs_snapshot_count{datastore=\"backup\",namespace=\"\"} 1\n"
						+ "pbs_snapshot_count{datastore=\"offsite\",namespace=\"\"} 0\n");
		assertThat(text).doesNotContain("datastore=\"offsite\",namespace=\"\",vm_id");
	}

	@Test
	void aScrapeThatCannotReachPbsIsOnlyUpZero() {
		assertThat(PbsExporterMetrics.unreachable())
			.isEqualTo("# HELP pbs_up Was the last query of PBS successful.\n# TYPE pbs_up gauge\npbs_up 0\n");
	}

	@Test
	void labelValuesAreEscapedAsTheTextFormatWants() {
		InMemoryDatastore store = new InMemoryDatastore(1000, 10);
		store.add(snapshot(101, "a \"quoted\" \\ name", NIGHT_1, "ok"));

		assertThat(PbsExporterMetrics.render(VERSION, Map.of("backup", store)))
			.contains("vm_name=\"a \\\"quoted\\\" \\\\ name\"}");
	}

	@Test
	void numbersReadAsGoPrintsThem() {
		assertThat(PbsExporterMetrics.goFloat(0)).isEqualTo("0");
		assertThat(PbsExporterMetrics.goFloat(1)).isEqualTo("1");
		assertThat(PbsExporterMetrics.goFloat(123456)).isEqualTo("123456");
		assertThat(PbsExporterMetrics.goFloat(1_000_000)).isEqualTo("1e+06");
		assertThat(PbsExporterMetrics.goFloat(1_234_567)).isEqualTo("1.234567e+06");
		assertThat(PbsExporterMetrics.goFloat(1_765_000_000)).isEqualTo("1.765e+09");
		assertThat(PbsExporterMetrics.goFloat(0.85)).isEqualTo("0.85");
		assertThat(PbsExporterMetrics.goFloat(0.00001)).isEqualTo("1e-05");
		assertThat(PbsExporterMetrics.goFloat(-2.5)).isEqualTo("-2.5");
		assertThat(PbsExporterMetrics.goFloat(1e21)).isEqualTo("1e+21");
	}

	@Test
	void theRealPromtoolAcceptsTheText() throws Exception {
		Tool.PROMTOOL.require("the lab's pbs-exporter text against promtool check metrics is");
		InMemoryDatastore store = new InMemoryDatastore(1_073_741_824L * 500, 1_073_741_824L * 120);
		store.add(snapshot(101, "vault", NIGHT_1, "ok"));
		store.add(snapshot(102, "gitlab-ce", NIGHT_2, "failed"));
		Path good = this.dir.resolve("good.prom");
		Files.writeString(good, PbsExporterMetrics.render(VERSION, Map.of("backup", store)));
		Path bad = this.dir.resolve("bad.prom");
		Files.writeString(bad, PbsExporterMetrics.render(VERSION, Map.of("backup", store))
			.replace("# TYPE pbs_used gauge\n", "# TYPE pbs_used gauge\n# TYPE pbs_used counter\n"));

		// the exporter's own names break one lint rule, and only that one: gauges named
		// *_count; promtool exits 3 for lint findings, 1 for text it cannot parse
		assertThat(checkMetrics(good)).isEqualTo(new Check(3, List.of(
				"pbs_snapshot_count non-histogram and non-summary metrics should not have \"_count\" suffix",
				"pbs_snapshot_vm_count non-histogram and non-summary metrics should not have \"_count\" suffix")));
		// proves the check parses the text: a family typed twice is refused
		Check refused = checkMetrics(bad);
		assertThat(refused.exitCode()).isEqualTo(1);
		assertThat(refused.output()).singleElement().asString().contains("error while linting", "second TYPE line");
		assertThat(checkMetrics(Files.writeString(this.dir.resolve("down.prom"), PbsExporterMetrics.unreachable())))
			.isEqualTo(new Check(0, List.of()));
	}

	record Check(int exitCode, List<String> output) {
	}

	private static Check checkMetrics(Path file) throws Exception {
		Path out = file.resolveSibling(file.getFileName() + ".out");
		Process promtool = new ProcessBuilder("/usr/bin/promtool", "check", "metrics").redirectInput(file.toFile())
			.redirectErrorStream(true)
			.redirectOutput(out.toFile())
			.start();
		assertThat(promtool.waitFor(60, TimeUnit.SECONDS)).isTrue();
		return new Check(promtool.exitValue(), Files.readAllLines(out).stream().filter(l -> !l.isBlank()).toList());
	}

	static Snapshot snapshot(int vmid, String name, Instant time, String verifyState) {
		return new Snapshot(vmid, time, Map.of("name", name), Map.of(), 1024, verifyState);
	}

	/** A datastore holding what the test adds, listed as PBS lists (unordered here). */
	static final class InMemoryDatastore implements Datastore {

		private final long total;

		private final long used;

		private final List<Snapshot> snapshots = new ArrayList<>();

		InMemoryDatastore(long total, long used) {
			this.total = total;
			this.used = used;
		}

		void add(Snapshot snapshot) {
			this.snapshots.add(snapshot);
		}

		@Override
		public Snapshot store(int vmid, Map<String, String> config, Map<String, byte[]> files, Instant time) {
			Snapshot snapshot = new Snapshot(vmid, time, config, files, 0, null);
			this.snapshots.add(snapshot);
			return snapshot;
		}

		@Override
		public List<Snapshot> snapshots(int vmid) {
			return this.snapshots.stream()
				.filter(s -> s.vmid() == vmid)
				.sorted(Comparator.comparing(Snapshot::time))
				.toList();
		}

		@Override
		public List<Snapshot> snapshots() {
			return List.copyOf(this.snapshots);
		}

		@Override
		public Optional<Snapshot> snapshot(int vmid, Instant time) {
			return this.snapshots.stream().filter(s -> s.vmid() == vmid && s.time().equals(time)).findFirst();
		}

		@Override
		public long used() {
			return this.used;
		}

		@Override
		public long total() {
			return this.total;
		}

	}

}
