package org.homelab.rollout.rehearsal.backup;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.proxmox.BackupServers;
import org.homelab.rollout.rehearsal.proxmox.BackupServers.BackupServerException;
import org.homelab.rollout.rehearsal.proxmox.BackupServers.Snapshot;

/**
 * One datastore as a backup client signed in with a token reaches it. A backup writes a
 * {@code backup} task on the server and owns its snapshot (the token); it fails as PBS's
 * would when the datastore is full (or fault "pbs"/"backup" DATASTORE_FULL) or the
 * session breaks (fault "pbs"/"backup" TASK_ERROR). Snapshot times are whole seconds, as
 * PBS names them.
 */
final class LabDatastore implements BackupServers.Datastore {

	private final PbsLab lab;

	private final String store;

	private final String owner;

	LabDatastore(PbsLab lab, String store, String owner) {
		this.lab = lab;
		this.store = store;
		this.owner = owner;
	}

	@Override
	public Snapshot store(int vmid, Map<String, String> config, Map<String, byte[]> files, Instant time) {
		Instant at = time.truncatedTo(ChronoUnit.SECONDS);
		long size = files.values().stream().mapToLong(bytes -> bytes.length).sum() + config.toString().length();
		Optional<FaultInjector.Kind> fault = this.lab.faults().next("pbs", "backup");
		synchronized (this.lab.state) {
			PbsState.Store target = target();
			String wid = this.store + ":vm/" + vmid;
			if (fault.orElse(null) == FaultInjector.Kind.DATASTORE_FULL || target.used() + size > target.total) {
				String error = "backup write data failed: command error: write_data upload error: pipelined request "
						+ "failed: inserting chunk on store '" + this.store + "' failed for 0f3a… - No space left on "
						+ "device (os error 28)";
				this.lab.task("backup", wid, this.owner, null, error, List.of("TASK ERROR: " + error));
				throw new BackupServerException(error);
			}
			if (fault.orElse(null) == FaultInjector.Kind.TASK_ERROR) {
				String error = "backup close image failed: command error: backup connection reset (broken pipe)";
				this.lab.task("backup", wid, this.owner, null, error, List.of("TASK ERROR: " + error));
				throw new BackupServerException(error);
			}
			if (target.snapshots.stream().anyMatch(s -> s.snapshot.vmid() == vmid && s.snapshot.time().equals(at))) {
				throw new BackupServerException("backup 'vm/" + vmid + "/" + at + "' already exists.");
			}
			Snapshot snapshot = new Snapshot(vmid, at, config, files, size, null);
			target.snapshots.add(new PbsState.Stored(snapshot, this.owner));
			target.snapshots.sort(Comparator.comparing((PbsState.Stored s) -> s.snapshot.vmid())
				.thenComparing(s -> s.snapshot.time()));
			this.lab.task("backup", wid, this.owner, null, "OK",
					List.of("starting new backup on datastore '" + this.store + "'", "backup finished successfully",
							"TASK OK"));
			return snapshot;
		}
	}

	@Override
	public List<Snapshot> snapshots(int vmid) {
		return snapshots().stream().filter(s -> s.vmid() == vmid).toList();
	}

	@Override
	public List<Snapshot> snapshots() {
		synchronized (this.lab.state) {
			return target().snapshots.stream().map(PbsState.Stored::view).toList();
		}
	}

	@Override
	public Optional<Snapshot> snapshot(int vmid, Instant time) {
		Instant at = time.truncatedTo(ChronoUnit.SECONDS);
		return snapshots(vmid).stream().filter(s -> s.time().equals(at)).findFirst();
	}

	@Override
	public long used() {
		synchronized (this.lab.state) {
			return target().used();
		}
	}

	@Override
	public long total() {
		synchronized (this.lab.state) {
			return target().total;
		}
	}

	/** The server must still run: a backup client's session dies with it. */
	private PbsState.Store target() {
		if (!this.lab.running()) {
			throw new BackupServerException(
					"error trying to connect: tcp connect error: Connection refused (os " + "error 111)");
		}
		PbsState.Store target = this.lab.state.stores.get(this.store);
		if (target == null) {
			throw new BackupServerException("datastore '" + this.store + "' does not exist.");
		}
		return target;
	}

}
