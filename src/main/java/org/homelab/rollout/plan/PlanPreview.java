package org.homelab.rollout.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.homelab.rollout.backup.BackupInventory;
import org.homelab.rollout.frontdoor.ExposedService;
import org.homelab.rollout.frontdoor.ExposedServices;
import org.homelab.rollout.frontdoor.FrontdoorFiles;
import org.homelab.rollout.frontdoor.FrontdoorScript;
import org.homelab.rollout.inventory.Inventory;
import org.homelab.rollout.inventory.K3sCluster.K3sNode;
import org.homelab.rollout.inventory.PlannedVm;
import org.homelab.rollout.kubernetes.ClusterNode;
import org.homelab.rollout.kubernetes.HelmReleaseRequest;
import org.homelab.rollout.kubernetes.HelmValues;
import org.homelab.rollout.kubernetes.KubernetesOperations;
import org.homelab.rollout.kubernetes.ReleaseDrift;
import org.homelab.rollout.matrix.VmFirewallPlan;
import org.homelab.rollout.proxmox.BackupJob;
import org.homelab.rollout.proxmox.FirewallRule;
import org.homelab.rollout.proxmox.GuestFiles;
import org.homelab.rollout.proxmox.NodeStatus;
import org.homelab.rollout.proxmox.ProxmoxOperations;
import org.homelab.rollout.proxmox.StorageStatus;
import org.homelab.rollout.proxmox.VmConfig;
import org.homelab.rollout.proxmox.VmSummary;
import org.homelab.rollout.vault.EngineAccess;
import org.homelab.rollout.vault.KvMountConvergence;
import org.homelab.rollout.vault.PolicyConvergence;
import org.homelab.rollout.vault.VaultPolicies;
import org.homelab.rollout.vault.VaultSeal;
import org.homelab.rollout.vault.VaultTargets;

import org.springframework.stereotype.Component;

/**
 * Computes the {@link Plan} of a run of some phases against the live homelab, changing
 * nothing: what the phase models call ({@link PhaseModels}) with the inventory's sizes,
 * compared with one look per system and kind (the node's guest list, the cluster's
 * HelmCharts, Vault's mounts, …). A system that cannot be asked makes its entries
 * <em>blocked</em> with what it answered: the run would stop there too.
 */
@Component
public class PlanPreview {

	/** A disk entry's size, e.g. {@code local-lvm:vm-101-disk-0,size=50G}. */
	private static final Pattern DISK_SIZE = Pattern.compile("size=(\\d+)([KMGT]?)");

	/** The first disk of a boot order, e.g. {@code order=scsi0;ide2;net0}. */
	private static final Pattern BOOT_DISK = Pattern.compile("order=((?:scsi|virtio|sata|ide)\\d+)");

	/** Storage types whose disks take space only as the guest writes. */
	private static final List<String> THIN_STORAGE = List.of("lvmthin", "zfspool", "rbd", "btrfs");

	private final Inventory inventory;

	private final BackupInventory backup;

	private final ProxmoxOperations proxmox;

	private final KubernetesOperations kubernetes;

	private final VmFirewallPlan firewalls;

	private final VaultPlan vault;

	private final Frontdoor frontdoor;

	private final PhaseModels models;

	PlanPreview(Inventory inventory, BackupInventory backup, ProxmoxOperations proxmox, KubernetesOperations kubernetes,
			VmFirewallPlan firewalls, VaultTargets vaultTargets, EngineAccess vaultAccess, KvMountConvergence kvMount,
			PolicyConvergence policies, VaultPolicies vaultPolicies, VaultSeal vaultSeal, ExposedServices services,
			FrontdoorFiles frontdoorFiles, FrontdoorScript frontdoorScript) {
		this.inventory = inventory;
		this.backup = backup;
		this.proxmox = proxmox;
		this.kubernetes = kubernetes;
		this.firewalls = firewalls;
		this.vault = new VaultPlan(vaultTargets, vaultAccess, vaultSeal, kvMount, policies, vaultPolicies);
		this.frontdoor = new Frontdoor(services, frontdoorFiles, frontdoorScript);
		this.models = PhaseModels.fromClasspath();
	}

	/** The phases there are models of, e.g. 1 to 4. */
	public List<Integer> phases() {
		return this.models.phases();
	}

	/** The plan of a run of {@code phases} (each one of {@link #phases()}). */
	public Plan preview(List<Integer> phases) {
		List<Integer> chosen = phases.stream().distinct().sorted().toList();
		for (int phase : chosen) {
			if (!this.models.phases().contains(phase)) {
				throw new IllegalArgumentException(
						"phase " + phase + " has no model; the phases are " + this.models.phases());
			}
		}
		Look look = new Look();
		List<PlannedChange> changes = new ArrayList<>();
		List<InventoryCheck> checks = new ArrayList<>();
		List<PlannedVm> toCreate = new ArrayList<>();
		checkTemplate(look, checks);
		boolean vaultPlanned = false;
		List<HelmEntry> releases = new ArrayList<>();
		for (int phase : chosen) {
			for (PhaseModels.Call call : this.models.calls(phase, "provision-vm")) {
				changes.add(vm(look, phase, call.input("vmName"), toCreate, checks));
				changes.add(firewall(look, phase, call.input("vmName"),
						this.firewalls.rulesWhenCreated(call.input("vmName"))));
			}
			for (PhaseModels.Call call : this.models.calls(phase, "install-helm-release")) {
				releases.add(new HelmEntry(phase, call));
			}
			if (!vaultPlanned && !this.models.calls(phase, "vault-setup").isEmpty()) {
				vaultPlanned = true;
				changes.addAll(this.vault.entries(phase, look.vm("vault").isPresent()));
			}
			for (PhaseModels.Call call : this.models.calls(phase, "vm-firewall-update")) {
				int rulesPhase = Integer.parseInt(call.inputs().getOrDefault("rolloutPhase", String.valueOf(phase)));
				changes.add(firewall(look, phase, call.input("vmName"),
						this.firewalls.rules(call.input("vmName"), rulesPhase)));
			}
			for (PhaseModels.Call call : this.models.calls(phase, "expose-service")) {
				changes.add(this.frontdoor.entry(look, phase, call.input("frontdoorService")));
			}
			if (!this.models.calls(phase, "backup-setup").isEmpty()) {
				changes.addAll(backupEntries(phase));
			}
		}
		changes.addAll(helm(releases));
		checkFreeResources(look, toCreate, checks);
		checkCluster(checks);
		changes.sort(Comparator.comparingInt(PlannedChange::phase));
		return new Plan(chosen, changes, checks);
	}

	private void checkTemplate(Look look, List<InventoryCheck> checks) {
		var template = this.inventory.proxmox().template();
		String name = "template " + template.vmid() + " (" + template.name() + ") present";
		if (look.failure != null) {
			checks.add(new InventoryCheck(name, false, look.failure));
			return;
		}
		Optional<Guest> found = look.guests.values()
			.stream()
			.flatMap(List::stream)
			.filter(guest -> guest.summary().vmid() == template.vmid())
			.findFirst();
		if (found.isEmpty()) {
			checks.add(new InventoryCheck(name, false,
					"no guest " + template.vmid() + " on " + this.inventory.proxmox().nodes()
							+ ": every planned VM is cloned from it (inventory.proxmox.template)"));
		}
		else if (!found.get().summary().template()) {
			checks.add(new InventoryCheck(name, false,
					"guest " + template.vmid() + " ('" + found.get().summary().name() + "') is no template"));
		}
		else {
			checks.add(new InventoryCheck(name, true, "on " + found.get().node()));
		}
	}

	private PlannedChange vm(Look look, int phase, String name, List<PlannedVm> toCreate, List<InventoryCheck> checks) {
		Optional<PlannedVm> planned = this.inventory.vm(name);
		if (planned.isEmpty()) {
			return new PlannedChange(phase, "proxmox", "vm", name, PlanAction.BLOCKED,
					"the inventory has no VM '" + name + "' (inventory.vms)");
		}
		PlannedVm size = planned.get();
		ResourceTable.of(name).ifPresent(range -> {
			String outside = range.outside(size);
			checks.add(new InventoryCheck("size of " + name + " within the plan's " + range, outside.isEmpty(),
					outside.isEmpty() ? size.cores() + " vCPU, " + size.memoryMb() + " MB, " + size.diskGb() + " GB"
							: outside));
		});
		String wanted = size.cores() + " vCPU, " + size.memoryMb() + " MB, " + size.diskGb() + " GB";
		if (look.failure != null) {
			return new PlannedChange(phase, "proxmox", "vm", name, PlanAction.BLOCKED, look.failure);
		}
		Optional<Guest> guest = look.vm(name);
		if (guest.isEmpty()) {
			toCreate.add(size);
			return new PlannedChange(phase, "proxmox", "vm", name, PlanAction.CREATE,
					"clone of template " + this.inventory.proxmox().template().vmid() + ": " + wanted);
		}
		Guest found = guest.get();
		VmConfig config;
		try {
			config = this.proxmox.vms(found.node()).config(found.summary().vmid());
		}
		catch (RuntimeException ex) {
			return new PlannedChange(phase, "proxmox", "vm", name, PlanAction.BLOCKED, message(ex));
		}
		List<String> differences = new ArrayList<>();
		int cores = number(config.values().get("cores"), 1);
		if (cores != size.cores()) {
			differences.add("cores " + cores + " (planned " + size.cores() + ")");
		}
		int memory = number(config.values().getOrDefault("memory", "").replace("current=", "").split(",")[0], 512);
		if (memory != size.memoryMb()) {
			differences.add("memory " + memory + " MB (planned " + size.memoryMb() + ")");
		}
		String disk = bootDisk(config);
		long diskGb = diskGb(config.values().get(disk));
		if (diskGb != size.diskGb()) {
			differences.add("disk " + disk + " " + diskGb + " GB (planned " + size.diskGb() + ")");
		}
		String where = "VM " + found.summary().vmid() + " on " + found.node() + ", " + found.summary().status();
		return differences.isEmpty() ? new PlannedChange(phase, "proxmox", "vm", name, PlanAction.ADOPT, where)
				: new PlannedChange(phase, "proxmox", "vm", name, PlanAction.ADOPT_WITH_CHANGES,
						where + "; differs: " + String.join(", ", differences));
	}

	private PlannedChange firewall(Look look, int phase, String vmName, List<FirewallRule> wanted) {
		String name = vmName + " (" + wanted.size() + " rules)";
		if (look.failure != null) {
			return new PlannedChange(phase, "proxmox", "firewall-rules", name, PlanAction.BLOCKED, look.failure);
		}
		Optional<Guest> guest = look.vm(vmName);
		if (guest.isEmpty() || wanted.isEmpty()) {
			return new PlannedChange(phase, "proxmox", "firewall-rules", name,
					wanted.isEmpty() ? PlanAction.ADOPT : PlanAction.CREATE,
					wanted.isEmpty() ? "no rules planned" : "with the VM");
		}
		List<FirewallRule> present;
		try {
			present = this.proxmox.firewall(guest.get().node()).rules(guest.get().summary().vmid()).rules();
		}
		catch (RuntimeException ex) {
			return new PlannedChange(phase, "proxmox", "firewall-rules", name, PlanAction.BLOCKED, message(ex));
		}
		List<String> missing = wanted.stream()
			.filter(rule -> present.stream().noneMatch(rule::sameAs))
			.map(FirewallRule::comment)
			.toList();
		if (missing.isEmpty()) {
			return new PlannedChange(phase, "proxmox", "firewall-rules", name, PlanAction.ADOPT, "");
		}
		if (missing.size() == wanted.size()) {
			return new PlannedChange(phase, "proxmox", "firewall-rules", name, PlanAction.CREATE, "");
		}
		return new PlannedChange(phase, "proxmox", "firewall-rules", name, PlanAction.ADOPT_WITH_CHANGES,
				"missing: " + String.join(", ", missing));
	}

	private List<PlannedChange> helm(List<HelmEntry> releases) {
		if (releases.isEmpty()) {
			return List.of();
		}
		List<PlannedChange> changes = new ArrayList<>();
		List<HelmReleaseRequest> requests = new ArrayList<>();
		Map<String, Integer> phaseOf = new HashMap<>();
		HelmValues values = this.kubernetes.helmValues();
		for (HelmEntry entry : releases) {
			PhaseModels.Call call = entry.call();
			try {
				requests.add(HelmReleaseRequest.create(call.input("releaseName"), call.input("chart"),
						call.input("chartRepo"), call.input("chartVersion"), call.input("releaseNamespace"),
						values.render(call.input("valuesRef"), values.node(call.input("placement")))));
				phaseOf.put(call.input("releaseName"), entry.phase());
			}
			catch (RuntimeException ex) {
				changes.add(new PlannedChange(entry.phase(), "k3s", "helm-release", call.input("releaseName"),
						PlanAction.BLOCKED, message(ex)));
			}
		}
		List<ReleaseDrift> drift;
		try {
			drift = this.kubernetes.opsForHelmReleases().drift(requests);
		}
		catch (RuntimeException ex) {
			requests.forEach(request -> changes.add(new PlannedChange(phaseOf.get(request.name()), "k3s",
					"helm-release", request.name(), PlanAction.BLOCKED, message(ex))));
			return changes;
		}
		for (ReleaseDrift release : drift) {
			int phase = phaseOf.get(release.name());
			String chart = requests.stream()
				.filter(r -> r.name().equals(release.name()))
				.map(r -> "chart " + r.chart() + " in namespace " + r.targetNamespace())
				.findFirst()
				.orElse("");
			if (!release.present()) {
				changes.add(new PlannedChange(phase, "k3s", "helm-release", release.name(), PlanAction.CREATE, chart));
			}
			else if (release.deleting()) {
				changes.add(new PlannedChange(phase, "k3s", "helm-release", release.name(), PlanAction.BLOCKED,
						"its HelmChart is being deleted (helm-delete-" + release.name() + " runs)"));
			}
			else if (release.differingFields().isEmpty()) {
				changes.add(new PlannedChange(phase, "k3s", "helm-release", release.name(), PlanAction.ADOPT, chart));
			}
			else {
				changes.add(new PlannedChange(phase, "k3s", "helm-release", release.name(),
						PlanAction.ADOPT_WITH_CHANGES, "differs: " + String.join(", ", release.differingFields())));
			}
		}
		return changes;
	}

	private List<PlannedChange> backupEntries(int phase) {
		List<PlannedChange> changes = new ArrayList<>();
		String storage = this.backup.storage();
		changes.add(look(phase, "proxmox", "backup-storage", storage,
				() -> this.proxmox.storage()
					.find(storage)
					.map(entry -> "pbs".equals(entry.type()) ? adopt("type pbs")
							: new Found(PlanAction.BLOCKED,
									"a storage entry '" + storage + "' of type " + entry.type()
											+ " exists; set inventory.backup.storage to a free id"))
					.orElse(new Found(PlanAction.CREATE, "type pbs, datastore " + this.backup.datastore()))));
		changes.add(look(phase, "proxmox", "backup-job", BackupJob.ROLLOUT_JOB, () -> this.proxmox.backups()
			.job(BackupJob.ROLLOUT_JOB)
			.map(job -> jobDifferences(job).isEmpty() ? adopt("schedule " + job.schedule())
					: new Found(PlanAction.ADOPT_WITH_CHANGES, "differs: " + String.join(", ", jobDifferences(job))))
			.orElse(new Found(PlanAction.CREATE, "schedule " + this.backup.schedule() + " to " + storage))));
		return changes;
	}

	private List<String> jobDifferences(BackupJob job) {
		List<String> differences = new ArrayList<>();
		if (!this.backup.schedule().equals(job.schedule())) {
			differences.add("schedule");
		}
		if (!this.backup.storage().equals(job.storage())) {
			differences.add("storage");
		}
		if (!job.enabled()) {
			differences.add("enabled");
		}
		return differences;
	}

	private void checkFreeResources(Look look, List<PlannedVm> toCreate, List<InventoryCheck> checks) {
		if (look.failure != null) {
			return;
		}
		String node = look.templateNode(this.inventory.proxmox().template().vmid())
			.orElse(this.inventory.proxmox().nodes().get(0));
		long memoryMb = toCreate.stream().mapToLong(PlannedVm::memoryMb).sum();
		long diskGb = toCreate.stream().mapToLong(PlannedVm::diskGb).sum();
		try {
			NodeStatus status = this.proxmox.cluster().nodeStatus(node);
			long freeMb = status.memoryFree() / (1024 * 1024);
			checks.add(new InventoryCheck("free memory on " + node + " for the new VMs", freeMb >= memoryMb,
					freeMb + " MB free, " + memoryMb + " MB needed"));
		}
		catch (RuntimeException ex) {
			checks.add(new InventoryCheck("free memory on " + node + " for the new VMs", false, message(ex)));
		}
		String storage = this.inventory.proxmox().storage();
		try {
			StorageStatus status = this.proxmox.storage().status(node, storage);
			long freeGb = status.avail() / (1024L * 1024 * 1024);
			// a thin pool allocates as the guests write: its disks may add up to more
			// than is free
			boolean thin = THIN_STORAGE.contains(status.type());
			checks.add(new InventoryCheck("free space on " + storage + " for the new VMs' disks",
					status.active() && (thin || freeGb >= diskGb),
					(status.active() ? "" : "inactive; ") + freeGb + " GB free, " + diskGb + " GB "
							+ (thin ? "thin-provisioned (" + status.type() + ", allocated as written)" : "needed")));
		}
		catch (RuntimeException ex) {
			checks.add(new InventoryCheck("free space on " + storage + " for the new VMs' disks", false, message(ex)));
		}
	}

	private void checkCluster(List<InventoryCheck> checks) {
		List<ClusterNode> nodes;
		try {
			nodes = this.kubernetes.nodes();
		}
		catch (RuntimeException ex) {
			checks.add(new InventoryCheck("K3s nodes ready", false, message(ex)));
			return;
		}
		for (K3sNode planned : this.inventory.k3s().nodes()) {
			Optional<ClusterNode> node = nodes.stream().filter(n -> n.name().equals(planned.name())).findFirst();
			checks.add(new InventoryCheck("K3s node " + planned.name() + " ready",
					node.map(ClusterNode::ready).orElse(false),
					node.map(n -> n.ready() ? "Ready" : "not Ready").orElse("not in the cluster")));
			if (planned.gpu()) {
				checks.add(new InventoryCheck("GPU on " + planned.name(), node.map(n -> n.gpus() > 0).orElse(false),
						node.map(n -> n.gpus() + " nvidia.com/gpu allocatable").orElse("not in the cluster")));
			}
		}
	}

	private PlannedChange look(int phase, String system, String kind, String name, Supplier<Found> found) {
		try {
			Found result = found.get();
			return new PlannedChange(phase, system, kind, name, result.action(), result.detail());
		}
		catch (RuntimeException ex) {
			return new PlannedChange(phase, system, kind, name, PlanAction.BLOCKED, message(ex));
		}
	}

	private static Found adopt(String detail) {
		return new Found(PlanAction.ADOPT, detail);
	}

	private static String bootDisk(VmConfig config) {
		Matcher boot = BOOT_DISK.matcher(config.values().getOrDefault("boot", ""));
		return boot.find() ? boot.group(1) : "scsi0";
	}

	private static long diskGb(String disk) {
		if (disk == null) {
			return 0;
		}
		Matcher size = DISK_SIZE.matcher(disk);
		if (!size.find()) {
			return 0;
		}
		long value = Long.parseLong(size.group(1));
		return switch (size.group(2)) {
			case "T" -> value * 1024;
			case "M" -> value / 1024;
			case "K" -> value / (1024 * 1024);
			default -> value;
		};
	}

	private static int number(String text, int otherwise) {
		try {
			return (text == null) ? otherwise : Integer.parseInt(text.trim());
		}
		catch (NumberFormatException ex) {
			return otherwise;
		}
	}

	/** What a system answered, for a person: the client's message names the call. */
	static String message(RuntimeException ex) {
		return (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
	}

	private record Found(PlanAction action, String detail) {
	}

	private record HelmEntry(int phase, PhaseModels.Call call) {
	}

	private record Guest(String node, VmSummary summary) {
	}

	/** The guest list of every node, read once per preview. */
	private final class Look {

		final Map<String, List<Guest>> guests = new LinkedHashMap<>();

		String failure;

		Look() {
			try {
				for (String node : PlanPreview.this.inventory.proxmox().nodes()) {
					guests.put(node,
							PlanPreview.this.proxmox.vms(node)
								.list()
								.stream()
								.map(summary -> new Guest(node, summary))
								.toList());
				}
			}
			catch (RuntimeException ex) {
				this.failure = "Proxmox VE: " + message(ex);
			}
		}

		Optional<Guest> vm(String name) {
			return this.guests.values()
				.stream()
				.flatMap(List::stream)
				.filter(guest -> !guest.summary().template() && name.equals(guest.summary().name()))
				.findFirst();
		}

		Optional<String> templateNode(int vmid) {
			return this.guests.values()
				.stream()
				.flatMap(List::stream)
				.filter(guest -> guest.summary().vmid() == vmid)
				.map(Guest::node)
				.findFirst();
		}

	}

	/** The front door's server block of an exposed service on the frontend server. */
	private final class Frontdoor {

		private final ExposedServices services;

		private final FrontdoorFiles files;

		private final FrontdoorScript script;

		Frontdoor(ExposedServices services, FrontdoorFiles files, FrontdoorScript script) {
			this.services = services;
			this.files = files;
			this.script = script;
		}

		PlannedChange entry(Look look, int phase, String name) {
			try {
				ExposedService service = this.services.of(name);
				String vmName = PlanPreview.this.inventory.frontend().vmName();
				Optional<Guest> frontend = look.vm(vmName);
				if (frontend.isEmpty()) {
					return new PlannedChange(phase, "frontdoor", "nginx-vhost", service.domain(), PlanAction.BLOCKED,
							(look.failure != null) ? look.failure
									: "no frontend server VM '" + vmName + "' (inventory.frontend.vm-name)");
				}
				GuestFiles guest = new GuestFiles(PlanPreview.this.proxmox.agent(frontend.get().node()),
						frontend.get().summary().vmid(), vmName);
				String path = this.script.site(service);
				Optional<String> site = guest.read(path);
				if (site.isEmpty()) {
					return new PlannedChange(phase, "frontdoor", "nginx-vhost", service.domain(), PlanAction.CREATE,
							path);
				}
				boolean same = site.get()
					.equals(this.files.nginx().render(service, this.services.certificate(service)));
				return new PlannedChange(phase, "frontdoor", "nginx-vhost", service.domain(),
						same ? PlanAction.ADOPT : PlanAction.ADOPT_WITH_CHANGES,
						same ? path : path + " differs: server block");
			}
			catch (RuntimeException ex) {
				return new PlannedChange(phase, "frontdoor", "nginx-vhost", name, PlanAction.BLOCKED, message(ex));
			}
		}

	}

}
