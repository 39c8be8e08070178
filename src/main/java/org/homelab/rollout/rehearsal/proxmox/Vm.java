package org.homelab.rollout.rehearsal.proxmox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One guest: its config (as /etc/pve/qemu-server/VMID.conf holds it, "lock" included),
 * power state, when its guest agent answers, and what lives inside it (files, processes,
 * started services). Guarded by the lab state's monitor.
 */
final class Vm {

	/** A process the guest agent started: it counts as running until {@code doneAt}. */
	record Process(int pid, Instant doneAt, int exitCode, String out, String err) {
	}

	/** A command's simulated run time, from the exec call on. */
	record Command(Instant at, Duration takes) {

		/** The part of its run time before {@code until}. */
		Duration before(Instant until) {
			Instant end = this.at.plus(this.takes);
			return until.isBefore(this.at) ? Duration.ZERO
					: Duration.between(this.at, until.isBefore(end) ? until : end);
		}

	}

	final int vmid;

	String node;

	final Map<String, String> config = new LinkedHashMap<>();

	String status = "stopped";

	Instant startedAt;

	Instant agentReadyAt;

	/**
	 * The address cloud-init configured at the last boot; ipconfig0 changes apply at the
	 * next one.
	 */
	String bootedAddress;

	final Map<String, byte[]> files = new ConcurrentHashMap<>();

	/**
	 * The file systems on the VM's volumes (volume id such as
	 * {@code local-lvm:vm-101-disk-1} to its UUID), as mkfs left them.
	 */
	final Map<String, String> filesystems = new ConcurrentHashMap<>();

	final Map<Integer, Process> processes = new HashMap<>();

	final Set<String> services = new HashSet<>();

	/** Units "systemctl enable" set up: they start again on every boot. */
	final Set<String> enabled = new HashSet<>();

	int nextPid = 1200;

	/**
	 * dpkg's frontend lock: held by the agent process {@code dpkgLockPid} that ran apt
	 * until it exits at {@code dpkgLockedUntil} (a second apt-get meanwhile fails, or
	 * waits with {@code -o DPkg::Lock::Timeout}, as on Debian).
	 */
	Instant dpkgLockedUntil;

	int dpkgLockPid;

	/**
	 * When each command run through the agent started and how long it ran (benchmarks'
	 * critical-path bound).
	 */
	final List<Command> commands = new ArrayList<>();

	/**
	 * Whether the guest's image has qemu-guest-agent installed; without it agent=1 gets
	 * no answer, ever.
	 */
	boolean guestAgentInstalled = true;

	Vm(int vmid, String node) {
		this.vmid = vmid;
		this.node = node;
	}

	/**
	 * The guest's OS comes up: agent after the boot delay, enabled units running again.
	 */
	void boot(Instant agentReadyAt, String address) {
		this.bootedAddress = address;
		this.status = "running";
		this.startedAt = Instant.now();
		this.agentReadyAt = agentReadyAt;
		this.services.clear();
		this.services.addAll(this.enabled);
	}

	void powerOff() {
		this.status = "stopped";
		this.startedAt = null;
		this.agentReadyAt = null;
		this.bootedAddress = null;
		this.processes.clear();
		this.services.clear();
		this.dpkgLockedUntil = null;
	}

	String name() {
		return this.config.getOrDefault("name", "VM " + this.vmid);
	}

	String lock() {
		return this.config.get("lock");
	}

	boolean template() {
		return "1".equals(this.config.get("template"));
	}

	boolean running() {
		return "running".equals(this.status);
	}

	/** agent: "1", "enabled=1" or "1,fstrim_cloned_disks=1". */
	boolean agentEnabled() {
		String agent = this.config.getOrDefault("agent", "0");
		for (String part : agent.split(",")) {
			if (part.equals("1") || part.equals("enabled=1")) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Operations on a locked guest fail as PVE's check_lock makes them fail, unless
	 * skiplock.
	 */
	void checkLock(ApiRequest request) {
		if (request.lockedFault()) {
			throw PveError.locked("clone");
		}
		if (lock() != null && !request.flag("skiplock")) {
			throw PveError.locked(lock());
		}
	}

	/** The static IPv4 of ipconfig0 ("ip=10.0.0.5/24,gw=..."), or null for DHCP. */
	String staticAddress() {
		for (String part : this.config.getOrDefault("ipconfig0", "").split(",")) {
			if (part.startsWith("ip=") && part.contains("/")) {
				return part.substring(3, part.indexOf('/'));
			}
		}
		return null;
	}

	/** net0 with {@code link_down=1}: the NIC is unplugged from its bridge. */
	boolean linkDown() {
		return List.of(this.config.getOrDefault("net0", "").split(",")).contains("link_down=1");
	}

	String mac() {
		String net0 = this.config.getOrDefault("net0", "");
		java.util.regex.Matcher mac = java.util.regex.Pattern.compile("([0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5})")
			.matcher(net0);
		return mac.find() ? mac.group(1) : String.format("BC:24:11:%02X:%02X:%02X", (this.vmid >> 16) & 0xFF,
				(this.vmid >> 8) & 0xFF, this.vmid & 0xFF);
	}

	Map<String, Object> listEntry() {
		Map<String, Object> entry = new LinkedHashMap<>();
		entry.put("vmid", this.vmid);
		entry.put("name", name());
		entry.put("status", this.status);
		entry.put("template", template() ? 1 : 0);
		entry.put("cpus", Integer.parseInt(this.config.getOrDefault("cores", "1")));
		entry.put("maxmem", memoryMiB() * 1024L * 1024L);
		entry.put("uptime", uptime());
		if (this.config.containsKey("tags")) {
			entry.put("tags", this.config.get("tags"));
		}
		if (lock() != null) {
			entry.put("lock", lock());
		}
		return entry;
	}

	long uptime() {
		return (running() && this.startedAt != null) ? Instant.now().getEpochSecond() - this.startedAt.getEpochSecond()
				: 0;
	}

	long memoryMiB() {
		String memory = this.config.getOrDefault("memory", "512").replace("current=", "");
		return Long.parseLong(memory.split(",")[0]);
	}

}
