package org.homelab.rollout.rehearsal.proxmox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Everything the simulated cluster holds: guests, storage volumes, backup jobs, DHCP
 * leases and tasks. Handlers and task completions run under this object's monitor, so
 * each API call sees and leaves a consistent cluster.
 */
final class LabState {

	final ProxmoxLabSettings settings;

	/**
	 * storage.cfg: the built-in local (dir) keeps backups and ISOs, local-lvm (lvmthin)
	 * keeps guest disks; storages of type pbs join them.
	 */
	final Map<String, Storage> storages = new LinkedHashMap<>();

	/** The node's wall clock, at latency scale. */
	final LabClock clock;

	final Map<Integer, Vm> vms = new TreeMap<>();

	/**
	 * The guests' firewall files by VMID (pve-firewall keeps them apart from the guests).
	 */
	final Map<Integer, VmFirewall> firewalls = new TreeMap<>();

	final List<Volume> volumes = new ArrayList<>();

	final List<Map<String, Object>> backupJobs = new ArrayList<>();

	final DhcpPool dhcp;

	final TaskRegistry tasks;

	/** Users, API tokens and the ACL (user.cfg). */
	final Access access;

	/** How long clones take instead of the lab's latency (slow storage), or null. */
	volatile Duration cloneTime;

	LabState(ProxmoxLabSettings settings, ScheduledExecutorService scheduler) {
		this.settings = settings;
		this.dhcp = new DhcpPool(settings.dhcpFirst(), settings.dhcpLast());
		this.tasks = new TaskRegistry(this, scheduler);
		this.access = new Access(settings);
		this.clock = new LabClock(settings.latency().scale());
		seed();
	}

	/** Back to the seeded cluster: just the cloud-init template. */
	synchronized void seed() {
		this.tasks.clear();
		this.cloneTime = null;
		this.vms.clear();
		this.firewalls.clear();
		this.volumes.clear();
		this.backupJobs.clear();
		this.storages.clear();
		Storage local = new Storage("local", "dir", "backup,iso,vztmpl");
		local.options.put("path", "/var/lib/vz");
		this.storages.put(local.id, local);
		Storage lvm = new Storage("local-lvm", "lvmthin", "images,rootdir");
		lvm.options.put("thinpool", "data");
		lvm.options.put("vgname", "pve");
		this.storages.put(lvm.id, lvm);
		this.dhcp.clear();
		this.access.seed();
		int id = this.settings.templateVmid();
		Vm template = new Vm(id, this.settings.templateNode());
		template.config.put("name", this.settings.templateName());
		template.config.put("template", "1");
		template.config.put("cores", "2");
		template.config.put("memory", "2048");
		template.config.put("ostype", "l26");
		template.config.put("scsihw", "virtio-scsi-single");
		template.config.put("scsi0", "local-lvm:base-" + id + "-disk-0,size=3G");
		template.config.put("ide2", "local-lvm:vm-" + id + "-cloudinit,media=cdrom");
		template.config.put("boot", "order=scsi0");
		template.config.put("net0", "virtio=BC:24:11:00:90:00,bridge=vmbr0");
		template.config.put("serial0", "socket");
		template.config.put("vga", "serial0");
		template.config.put("agent", "1");
		template.config.put("ipconfig0", "ip=dhcp");
		template.config.put("meta", "creation-qemu=9.2.0,ctime=1732000000");
		template.config.put("vmgenid", "6f1e9a52-1b1e-4c7d-9b4e-3a3e5c0a9000");
		template.config.put("smbios1", "uuid=0f1c7b52-6e0e-4e55-8d47-1c1f9b3a9000");
		this.vms.put(id, template);
	}

	/** The guest, or PVE's answer for a VMID without a config file on that node. */
	Vm vm(String node, int vmid) {
		Vm vm = this.vms.get(vmid);
		if (vm == null || !vm.node.equals(node)) {
			throw PveError.configMissing(node, vmid);
		}
		return vm;
	}

	/**
	 * A VMID's firewall file, empty when never written: PVE reads it by VMID without
	 * looking for the guest.
	 */
	VmFirewall firewall(int vmid) {
		return this.firewalls.computeIfAbsent(vmid, id -> new VmFirewall());
	}

	Storage checkStorage(String storage, String content) {
		Storage found = storage(storage);
		if (!found.holds(content)) {
			throw PveError.failed("storage '" + storage + "' does not support content-type '" + content + "'");
		}
		return found;
	}

	/** The storage.cfg entry, or PVE's answer for an id it does not have. */
	Storage storage(String storage) {
		Storage found = this.storages.get(storage);
		if (found == null) {
			throw PveError.failed("storage '" + storage + "' does not exist");
		}
		return found;
	}

	/**
	 * The datastore a pbs storage names, reached as PVE's PBS plugin does; its failure in
	 * PBS's words, prefixed with the storage id as PVE prefixes it.
	 */
	BackupServers.Datastore datastore(Storage storage) {
		if (storage.disabled()) {
			throw PveError.failed("storage '" + storage.id + "' is disabled");
		}
		try {
			return this.settings.backupServers()
				.connect(storage.options.get("server"), storage.port(), storage.options.get("fingerprint"),
						storage.options.get("username"), storage.password, storage.options.get("datastore"));
		}
		catch (BackupServers.BackupServerException ex) {
			throw PveError.failed(storage.id + ": " + ex.getMessage());
		}
	}

	/**
	 * The address the guest's eth0 has: as booted, else static from ipconfig0, else its
	 * DHCP lease.
	 */
	String address(Vm vm) {
		if (vm.linkDown()) {
			return null; // net0 is unplugged: no lease, no address on the lab network
		}
		if (vm.running() && vm.bootedAddress != null) {
			return vm.bootedAddress;
		}
		String address = vm.staticAddress();
		if (address != null || vm.template()) {
			return address; // a template never boots, so it never asks for a lease
		}
		return this.dhcp.lease(vm.vmid);
	}

	int nextId() {
		int id = 100;
		while (this.vms.containsKey(id)) {
			id++;
		}
		return id;
	}

}
