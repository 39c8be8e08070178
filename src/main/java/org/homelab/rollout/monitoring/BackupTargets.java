package org.homelab.rollout.monitoring;

/**
 * What Prometheus scrapes of Phase 4 (Proxmox Backup): natrontech/pbs-exporter v0.9.3 on
 * the {@code proxmox-backup} VM, beside the PBS it reads through its API with a read-only
 * token ({@code pbs_up}, datastore usage {@code pbs_size}/{@code pbs_used}, and per guest
 * the newest snapshot's {@code pbs_snapshot_vm_last_timestamp} and
 * {@code pbs_snapshot_vm_last_verify}: docs/backup-monitoring.md). Plain HTTP on its
 * default port: it serves only these numbers, never the token.
 *
 * @param exporter host:port of the exporter
 */
public record BackupTargets(String exporter) {

	/**
	 * Prometheus's job: named after the matrix's service id, as MatrixCheck looks it up.
	 */
	public static final String JOB = "proxmox-backup";

	/** The inventory VM the plan gives Proxmox Backup Server. */
	public static final String VM = "proxmox-backup";

	/** The exporter's default {@code -pbs.listen-address} {@code :10019}. */
	public static final int EXPORTER_PORT = 10019;

	static BackupTargets of(String host) {
		return new BackupTargets(host + ":" + EXPORTER_PORT);
	}

}
