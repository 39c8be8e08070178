package org.homelab.rollout.rehearsal.monitoring;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.homelab.rollout.rehearsal.proxmox.BackupServers.Datastore;
import org.homelab.rollout.rehearsal.proxmox.BackupServers.Snapshot;

/**
 * What natrontech/pbs-exporter v0.9.3 (client_golang 1.24.1) prints on {@code /metrics}
 * for a Proxmox Backup Server, rendered from the lab PBS's datastores: the {@code pbs_*}
 * families in the text exposition format 0.0.4 with the exporter's HELP texts, label
 * names, family order (by name), series order (by label values) and number format (Go's
 * shortest {@code %g}, so a byte count reads {@code 1.073741824e+09}).
 * <p>
 * Per datastore, as {@code /status/datastore-usage} reports it: {@code pbs_available},
 * {@code pbs_size}, {@code pbs_used}. Per datastore and namespace (the lab has only the
 * root namespace, {@code ""}): {@code pbs_snapshot_count}, and per backup id
 * ({@code vm_id}) {@code pbs_snapshot_vm_count}, {@code pbs_snapshot_vm_last_timestamp}
 * (backup-time of the newest snapshot, Unix seconds) and
 * {@code pbs_snapshot_vm_last_verify} (1 when that snapshot's verification state is "ok",
 * else 0: failed and not yet verified alike). {@code vm_name} is the snapshot's comment,
 * which PVE's {@code notes-template '{{guestname}}'} makes the guest's name: the lab
 * takes the name from the snapshot's guest config.
 * <p>
 * Left out: the {@code pbs_host_*} and {@code pbs_host_subscription_*} families (the lab
 * PBS has no node status) and the Go runtime's {@code go_*}, {@code process_*},
 * {@code promhttp_*}: none says anything of backups, and no rule or panel reads them.
 */
public final class PbsExporterMetrics {

	/** The exporter's port (its {@code -pbs.listen-address} default {@code :10019}). */
	public static final int PORT = 10019;

	/** What client_golang answers Prometheus's Accept header with. */
	public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8; escaping=underscores";

	/** The root namespace, as PBS lists it. */
	static final String ROOT_NAMESPACE = "";

	private PbsExporterMetrics() {
	}

	/** PBS's {@code /version}: the labels of {@code pbs_version}. */
	public record Version(String version, String release, String repoid) {
	}

	/**
	 * A scrape that reached PBS: {@code pbs_up 1} and every datastore's series
	 * ({@code datastores} by name).
	 */
	public static String render(Version version, Map<String, Datastore> datastores) {
		Map<String, Datastore> byName = new TreeMap<>(datastores);
		List<Family> families = new ArrayList<>();
		Family available = family(families, "pbs_available", "The available bytes of the underlying storage.");
		Family size = family(families, "pbs_size", "The size of the underlying storage in bytes.");
		Family used = family(families, "pbs_used", "The used bytes of the underlying storage.");
		Family count = family(families, "pbs_snapshot_count", "The total number of backups.");
		Family vmCount = family(families, "pbs_snapshot_vm_count", "The total number of backups per VM.");
		Family last = family(families, "pbs_snapshot_vm_last_timestamp", "The timestamp of the last backup of a VM.");
		Family verify = family(families, "pbs_snapshot_vm_last_verify",
				"The verify status of the last backup of a VM.");
		family(families, "pbs_up", "Was the last query of PBS successful.").add(1);
		family(families, "pbs_version", "Version of the PBS installation.").add(1, "release", version.release(),
				"repoid", version.repoid(), "version", version.version());
		byName.forEach((name, store) -> {
			long total = store.total();
			long usedBytes = store.used();
			available.add(Math.max(total - usedBytes, 0), "datastore", name);
			size.add(total, "datastore", name);
			used.add(usedBytes, "datastore", name);
			List<Snapshot> snapshots = store.snapshots();
			count.add(snapshots.size(), "datastore", name, "namespace", ROOT_NAMESPACE);
			Map<Integer, List<Snapshot>> byVm = new TreeMap<>();
			snapshots.forEach(s -> byVm.computeIfAbsent(s.vmid(), k -> new ArrayList<>()).add(s));
			byVm.forEach((vmid, own) -> {
				Snapshot newest = own.stream().max(Comparator.comparing(Snapshot::time)).orElseThrow();
				String[] labels = { "datastore", name, "namespace", ROOT_NAMESPACE, "vm_id", vmid.toString(), "vm_name",
						newest.config().getOrDefault("name", "") };
				vmCount.add(own.size(), labels);
				last.add(newest.time().getEpochSecond(), labels);
				verify.add("ok".equals(newest.verifyState()) ? 1 : 0, labels);
			});
		});
		StringBuilder text = new StringBuilder();
		families.stream()
			.filter(f -> !f.series.isEmpty())
			.sorted(Comparator.comparing(Family::name))
			.forEach(f -> f.write(text));
		return text.toString();
	}

	/**
	 * A scrape that did not reach PBS (connection refused, 401, certificate): the
	 * exporter fails at its first call, {@code /version}, and reports only
	 * {@code pbs_up 0}.
	 */
	public static String unreachable() {
		Family up = new Family("pbs_up", "Was the last query of PBS successful.");
		up.add(0);
		StringBuilder text = new StringBuilder();
		up.write(text);
		return text.toString();
	}

	/** A value as Go's {@code strconv.FormatFloat(v, 'g', -1, 64)} prints it. */
	static String goFloat(double value) {
		if (value == 1) {
			return "1";
		}
		if (value == 0) {
			return "0";
		}
		if (value == -1) {
			return "-1";
		}
		if (Double.isNaN(value)) {
			return "NaN";
		}
		if (Double.isInfinite(value)) {
			return (value > 0) ? "+Inf" : "-Inf";
		}
		BigDecimal decimal = new BigDecimal(Double.toString(value)).stripTrailingZeros();
		String digits = decimal.unscaledValue().abs().toString();
		int exponent = digits.length() - 1 - decimal.scale();
		String sign = (value < 0) ? "-" : "";
		// shortest %g switches to %e from exponent 6 on, or below -4
		if (exponent < -4 || exponent >= 6) {
			String mantissa = (digits.length() == 1) ? digits : digits.charAt(0) + "." + digits.substring(1);
			int abs = Math.abs(exponent);
			return sign + mantissa + "e" + ((exponent < 0) ? "-" : "+") + ((abs < 10) ? "0" : "") + abs;
		}
		return sign + decimal.abs().toPlainString();
	}

	private static Family family(List<Family> families, String name, String help) {
		Family family = new Family(name, help);
		families.add(family);
		return family;
	}

	/** One metric family: its series sorted by label values, as client_golang does. */
	private record Family(String name, String help, List<String[]> series) {

		Family(String name, String help) {
			this(name, help, new ArrayList<>());
		}

		/** {@code labels}: name, value, … in the order of their names. */
		void add(double value, String... labels) {
			String[] row = new String[labels.length + 1];
			System.arraycopy(labels, 0, row, 0, labels.length);
			row[labels.length] = goFloat(value);
			this.series.add(row);
		}

		void write(StringBuilder text) {
			text.append("# HELP ").append(this.name).append(' ').append(escapeHelp(this.help)).append('\n');
			text.append("# TYPE ").append(this.name).append(" gauge\n");
			this.series.stream().sorted(Family::byLabelValues).forEach(row -> {
				text.append(this.name);
				if (row.length > 1) {
					text.append('{');
					for (int i = 0; i + 1 < row.length; i += 2) {
						text.append((i == 0) ? "" : ",").append(row[i]).append("=\"");
						text.append(escapeLabel(row[i + 1])).append('"');
					}
					text.append('}');
				}
				text.append(' ').append(row[row.length - 1]).append('\n');
			});
		}

		private static int byLabelValues(String[] a, String[] b) {
			for (int i = 1; i + 1 < Math.min(a.length, b.length); i += 2) {
				int order = a[i].compareTo(b[i]);
				if (order != 0) {
					return order;
				}
			}
			return 0;
		}

		private static String escapeHelp(String help) {
			return help.replace("\\", "\\\\").replace("\n", "\\n");
		}

		private static String escapeLabel(String value) {
			return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
		}

	}

}
