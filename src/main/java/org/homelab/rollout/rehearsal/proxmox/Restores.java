package org.homelab.rollout.rehearsal.proxmox;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.homelab.rollout.rehearsal.FaultInjector;

/**
 * qmrestore: a guest from a vma archive on a dir storage or a snapshot on a Proxmox
 * Backup Server ({@code <storage>:backup/vm/<vmid>/<time>}, read through
 * {@link BackupServers}).
 */
final class Restores {

	/** Restore parameters that steer the call rather than override the config. */
	private static final Set<String> NOT_CONFIG = Set.of("node", "vmid", "start", "pool", "storage", "archive", "force",
			"unique", "live-restore", "bwlimit", "import-working-storage");

	private static final String SYSTEM = "proxmox";

	private final LabState state;

	private final BackupRoutes backups;

	Restores(LabState state, BackupRoutes backups) {
		this.state = state;
		this.backups = backups;
	}

	/**
	 * {@code POST /nodes/{node}/qemu} with archive: the guest exists at once, locked
	 * "create", until qmrestore ends; other options override the backed-up config (PVE's
	 * override_conf), disks excepted. A failed restore leaves no guest and touches no
	 * other.
	 */
	Object restore(ApiRequest request) {
		String archive = request.param("archive");
		Map<String, String> overrides = new LinkedHashMap<>();
		request.params().forEach((key, values) -> {
			if (!NOT_CONFIG.contains(key)) {
				overrides.put(key, values.get(0));
			}
		});
		for (String key : overrides.keySet()) {
			if (CloneRoutes.isDisk(key)) {
				throw PveError.parameters(Map.of(key, "option conflicts with option 'archive'"));
			}
		}
		PbsVolume pbs = PbsVolume.parse(archive).orElse(null);
		BackupRoutes.Archived vma = this.backups.archived(archive);
		if (pbs != null) {
			if (!this.state.storage(pbs.storage()).pbs()) {
				throw PveError.failed("volume '" + archive + "' does not exist");
			}
		}
		else if (vma == null) {
			throw PveError.failed("volume '" + archive + "' does not exist");
		}
		int vmid = request.vmid();
		Vm existing = this.state.vms.get(vmid);
		if (existing != null && !request.flag("force")) {
			throw PveError.failed("unable to restore VM " + vmid + " - VM " + vmid + " already exists on node '"
					+ existing.node + "'");
		}
		if (existing != null) {
			existing.checkLock(request);
			if (existing.running()) {
				throw PveError.failed("unable to restore VM " + vmid + " - VM is running");
			}
		}
		boolean fail = request.failTask() || this.state.settings.faults()
			.next(SYSTEM, "restore")
			.filter(kind -> kind == FaultInjector.Kind.TASK_ERROR)
			.isPresent();
		Vm vm = new Vm(vmid, request.node());
		vm.config.put("lock", "create");
		this.state.vms.put(vmid, vm);
		Task task = this.state.tasks.launch(request.node(), "qmrestore", String.valueOf(vmid), request.user(),
				this.state.settings.latency().of("proxmox.restore"), t -> {
					try {
						if (fail) {
							throw PveError.failed(
									"unable to restore VM " + vmid + " - command 'vma extract' failed: exit code 133");
						}
						BackupRoutes.Archived backup = (pbs != null) ? fromPbs(pbs, archive, vmid, t) : vma;
						restoreInto(vm, backup, overrides, request);
					}
					catch (PveError ex) {
						if (this.state.vms.get(vmid) == vm) {
							this.state.vms.remove(vmid);
						}
						throw ex;
					}
					t.log("restore " + ((pbs != null) ? "proxmox backup" : "vma") + " archive: " + archive);
				});
		return task.upid().text();
	}

	private BackupRoutes.Archived fromPbs(PbsVolume volume, String archive, int vmid, Task task) {
		Storage storage = this.state.storage(volume.storage());
		task.log("restore vma archive from Proxmox Backup Server: vm/" + volume.vmid() + "/" + volume.time());
		Optional<BackupServers.Snapshot> snapshot;
		try {
			snapshot = this.state.datastore(storage).snapshot(volume.vmid(), volume.time());
		}
		catch (BackupServers.BackupServerException ex) {
			throw PveError.failed("unable to restore VM " + vmid + " - " + ex.getMessage());
		}
		catch (PveError ex) {
			throw PveError.failed("unable to restore VM " + vmid + " - " + ex.getMessage());
		}
		BackupServers.Snapshot found = snapshot.orElseThrow(() -> PveError
			.failed("unable to restore VM " + vmid + " - command 'proxmox-backup-client restore' failed: snapshot 'vm/"
					+ volume.vmid() + "/" + volume.time() + "' does not exist"));
		return new BackupRoutes.Archived(found.config(), found.files(), this.backups.enabledAt(archive));
	}

	private void restoreInto(Vm vm, BackupRoutes.Archived backup, Map<String, String> overrides, ApiRequest request) {
		String target = request.param("storage");
		backup.config().forEach((key, value) -> {
			if (key.equals("lock")) {
				return;
			}
			if (CloneRoutes.isDisk(key) && !value.contains("media=cdrom") && !value.contains("cloudinit")) {
				// the disks are written anew: the guest's own volume names, on the target
				String volume = value.replaceAll("vm-\\d+-disk", "vm-" + vm.vmid + "-disk");
				value = (target != null) ? target + volume.substring(volume.indexOf(':')) : volume;
			}
			vm.config.put(key, value);
		});
		if (request.flag("unique")) {
			vm.config
				.computeIfPresent("net0", (key, net) -> net.replaceAll("([0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5})", String
					.format("BC:24:11:%02X:%02X:%02X", (vm.vmid >> 16) & 0xFF, (vm.vmid >> 8) & 0xFF, vm.vmid & 0xFF)));
			vm.config.put("vmgenid", UUID.randomUUID().toString());
		}
		vm.config.putAll(overrides);
		backup.files().forEach((path, content) -> vm.files.put(path, content.clone()));
		vm.enabled.addAll(backup.enabled());
		vm.config.remove("lock");
		if (request.flag("start")) {
			vm.boot(Instant.now().plus(this.state.settings.latency().of("proxmox.boot")), this.state.address(vm));
		}
	}

	/** {@code <storage>:backup/vm/<vmid>/<time>}. */
	private record PbsVolume(String storage, int vmid, Instant time) {

		private static final Pattern PATTERN = Pattern.compile("([^:]+):backup/vm/(\\d+)/(\\S+Z)");

		static Optional<PbsVolume> parse(String volid) {
			Matcher m = PATTERN.matcher(volid);
			if (!m.matches()) {
				return Optional.empty();
			}
			try {
				return Optional.of(new PbsVolume(m.group(1), Integer.parseInt(m.group(2)), Instant.parse(m.group(3))));
			}
			catch (DateTimeParseException ex) {
				return Optional.empty();
			}
		}

	}

}
