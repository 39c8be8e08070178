package org.homelab.rollout.rehearsal.backup;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.homelab.rollout.rehearsal.Contracts;
import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.GuestCommand;
import org.homelab.rollout.rehearsal.Latency;
import org.homelab.rollout.rehearsal.RequestJournal;
import org.homelab.rollout.rehearsal.proxmox.BackupServers;

/**
 * The lab's Proxmox Backup Servers, one per VM that installed the package
 * ({@link PbsApt}), and what runs them: {@code systemctl start|stop|restart|status
 * proxmox-backup-proxy} and {@code proxmox-backup-manager cert info} (which prints the
 * fingerprint PVE's storage entry needs) on that VM. As the lab's PVE reaches them
 * ({@link BackupServers}): by address and port, the certificate fingerprint checked
 * before the token is sent, then the token as PBS checks it.
 * <p>
 * Faults (system "pbs"): "api" HTTP_500/HTTP_503/TIMEOUT on an API request; "backup"
 * DATASTORE_FULL or TASK_ERROR on a backup; "verify" CORRUPT_CHUNK on a snapshot a verify
 * job reads.
 */
public final class PbsService implements GuestCommand, BackupServers {

	static final List<String> UNITS = List.of("proxmox-backup-proxy", "proxmox-backup");

	/** A datastore's disk when the lab is not told otherwise: 256 GiB. */
	public static final long DEFAULT_DISK_BYTES = 256L << 30;

	private final PbsLab.Settings settings;

	private final String rootPassword;

	private final Map<Integer, PbsLab> byVmid = new ConcurrentHashMap<>();

	private final Map<Integer, Map<String, byte[]>> disks = new ConcurrentHashMap<>();

	private final Map<Integer, InetAddress> addresses = new ConcurrentHashMap<>();

	/**
	 * @param rootPassword the VMs' root password, with which {@code root@pam} signs in
	 * @param timeoutDelay how long a TIMEOUT fault holds an answer
	 * @param diskBytes the size of each datastore's disk
	 */
	public PbsService(Contracts contracts, FaultInjector faults, RequestJournal journal, Latency latency,
			String rootPassword, Duration timeoutDelay, long diskBytes) {
		this.settings = new PbsLab.Settings(PbsSchema.load(contracts.proxmoxBackupSchema()), faults, journal, latency,
				Clock.systemUTC(), timeoutDelay, diskBytes);
		this.rootPassword = rootPassword;
	}

	/** Whether requests are checked against the published schema. */
	public boolean schemaChecked() {
		return this.settings.schema().checked();
	}

	/** The PBS of a VM, once installed there. */
	public Optional<PbsLab> lab(int vmid) {
		return Optional.ofNullable(this.byVmid.get(vmid));
	}

	public Map<Integer, PbsLab> labs() {
		return Map.copyOf(this.byVmid);
	}

	/** Stops every PBS and forgets their data. */
	public void reset() {
		this.byVmid.values().forEach(PbsLab::close);
		this.byVmid.clear();
		this.disks.clear();
		this.addresses.clear();
	}

	@Override
	public boolean handles(List<String> argv) {
		String program = argv.get(0).replaceFirst("^.*/", "");
		if (program.equals("proxmox-backup-manager")) {
			return true;
		}
		return program.equals("systemctl")
				&& argv.stream().anyMatch(a -> UNITS.contains(a.replaceFirst("\\.service$", "")));
	}

	@Override
	public void poweredOff(int vmid) {
		lab(vmid).ifPresent(PbsLab::close);
	}

	@Override
	public Result run(Guest guest, List<String> argv, String stdin) {
		PbsLab lab = current(guest);
		if (lab == null || !guest.files().containsKey(PbsApt.MARKER)) {
			if (argv.get(0).endsWith("systemctl")) {
				return new Result(5, "", "Failed to start " + argv.get(argv.size() - 1) + ": Unit not found.\n", null);
			}
			return new Result(127, "", "sh: 1: " + argv.get(0) + ": not found\n", null);
		}
		if (argv.get(0).endsWith("proxmox-backup-manager")) {
			return manager(lab, argv);
		}
		List<String> words = argv.stream().skip(1).filter(a -> !a.startsWith("-")).toList();
		String verb = words.isEmpty() ? "" : words.get(0);
		return switch (verb) {
			case "start", "restart", "reload-or-restart", "enable" -> {
				if (verb.equals("enable") && !argv.contains("--now")) {
					yield Result.ok("");
				}
				String failed = start(lab, guest.address());
				yield (failed == null) ? Result.ok("")
						: new Result(1, "", "Job for proxmox-backup-proxy.service failed: " + failed + "\n", null);
			}
			case "stop", "disable" -> {
				if (verb.equals("stop") || argv.contains("--now")) {
					lab.close();
				}
				yield Result.ok("");
			}
			case "is-active" -> lab.running() ? Result.ok("active\n") : new Result(3, "inactive\n", "", null);
			case "status" -> lab.running() ? Result.ok("Active: active (running)\n")
					: new Result(3, "Active: inactive (dead)\n", "", null);
			default -> Result.ok("");
		};
	}

	/**
	 * {@code proxmox-backup-manager cert info | versions | user create|update <userid>
	 * [--password P] [--comment C] | user list | acl update <path> <role> --auth-id ID
	 * [--propagate B]}, as the real CLI takes them, acting on the server's state.
	 */
	private static Result manager(PbsLab lab, List<String> argv) {
		String command = String.join(" ", argv.subList(1, argv.size()));
		if (command.startsWith("user ") || command.startsWith("acl ")) {
			synchronized (lab.state) {
				return access(lab.state, argv.subList(1, argv.size()));
			}
		}
		if (command.startsWith("cert info")) {
			return Result.ok("Subject: CN = " + lab.hostname() + "\nIssuer: CN = " + lab.hostname()
					+ "\nFingerprint (sha256): " + lab.fingerprint().toLowerCase(Locale.ROOT) + "\n");
		}
		if (command.startsWith("versions") || command.startsWith("version")) {
			return Result.ok("proxmox-backup-server " + PbsApt.VERSION + " running version: "
					+ PbsApt.VERSION.replaceFirst("-.*", "") + "\n");
		}
		return Result.fail(255, "Error: unknown command '" + command + "'\n");
	}

	private static Result access(PbsState state, List<String> args) {
		List<String> positional = new java.util.ArrayList<>();
		Map<String, String> options = new java.util.HashMap<>();
		for (int i = 0; i < args.size(); i++) {
			if (args.get(i).startsWith("--")) {
				options.put(args.get(i).substring(2), (i + 1 < args.size()) ? args.get(++i) : "");
			}
			else {
				positional.add(args.get(i));
			}
		}
		String verb = String.join(" ", positional.subList(0, Math.min(2, positional.size())));
		if (verb.startsWith("user ") && !verb.equals("user list") && positional.size() < 3) {
			return Result.fail(255, "Error: missing argument 'userid'\n");
		}
		String password = options.get("password");
		if (password != null && password.isEmpty()) {
			return Result.fail(255, "Error: parameter verification errors\n\nparameter 'password': value must have a "
					+ "minimum length of 1\n");
		}
		switch (verb) {
			case "user list" -> {
				StringBuilder out = new StringBuilder("root@pam\n");
				state.users.keySet().forEach(id -> out.append(id).append('\n'));
				return Result.ok(out.toString());
			}
			case "user create" -> {
				String userid = positional.get(2);
				if (!userid.endsWith("@pbs") && !userid.endsWith("@pam")) {
					return Result.fail(255, "Error: unknown realm '" + userid.replaceFirst("^[^@]*@", "") + "'\n");
				}
				if (state.users.containsKey(userid) || "root@pam".equals(userid)) {
					return Result.fail(255, "Error: user '" + userid + "' already exists.\n");
				}
				PbsState.User user = new PbsState.User(options.get("comment"));
				user.passwordDigest = (password != null) ? PbsState.digest(password) : null;
				state.users.put(userid, user);
				return Result.ok("");
			}
			case "user remove" -> {
				String userid = positional.get(2);
				if (state.users.remove(userid) == null) {
					return Result.fail(255, "Error: user '" + userid + "' does not exist.\n");
				}
				state.forget(userid);
				return Result.ok("");
			}
			case "user update" -> {
				PbsState.User user = state.users.get(positional.get(2));
				if (user == null) {
					return Result.fail(255, "Error: user '" + positional.get(2) + "' does not exist.\n");
				}
				if (password != null) {
					user.passwordDigest = PbsState.digest(password);
				}
				return Result.ok("");
			}
			case "acl update" -> {
				if (positional.size() < 4 || !options.containsKey("auth-id")) {
					return Result.fail(255, "Error: either 'group' or 'auth-id' parameter must be set\n");
				}
				String path = positional.get(2);
				String role = positional.get(3);
				String authId = options.get("auth-id");
				if (!PbsPrivileges.ROLES.containsKey(role)) {
					return Result.fail(255, "Error: parameter verification errors\n\nparameter 'role': value '" + role
							+ "' is not defined in the enumeration.\n");
				}
				String userid = authId.replaceFirst("!.*$", "");
				PbsState.User user = state.users.get(userid);
				if (user == null && !"root@pam".equals(userid)) {
					return Result.fail(255, "Error: no such user.\n");
				}
				if (authId.contains("!")
						&& (user == null || !user.tokens.containsKey(authId.replaceFirst("^.*!", "")))) {
					return Result.fail(255, "Error: no such API token.\n");
				}
				boolean delete = "true".equals(options.get("delete")) || "1".equals(options.get("delete"));
				state.acl.removeIf(e -> e.path().equals(path) && e.authId().equals(authId) && e.role().equals(role));
				if (!delete) {
					state.acl.add(new PbsPrivileges.Acl(path, authId, role,
							!"false".equals(options.get("propagate")) && !"0".equals(options.get("propagate"))));
				}
				return Result.ok("");
			}
			default -> {
				return Result.fail(255, "Error: unknown command '" + String.join(" ", args) + "'\n");
			}
		}
	}

	/** The package was installed: its state is made and its services start. */
	String installed(Guest guest) {
		if (this.disks.put(guest.vmid(), guest.files()) != guest.files()) {
			PbsLab old = this.byVmid.remove(guest.vmid());
			if (old != null) {
				old.close();
			}
		}
		PbsLab lab = this.byVmid.computeIfAbsent(guest.vmid(),
				vmid -> new PbsLab(this.settings, guest.name(), guest.files(), this.rootPassword));
		guest.files().put("/etc/proxmox-backup/proxy.pem", lab.certificatePem().getBytes());
		return start(lab, guest.address());
	}

	void removed(int vmid, boolean purged) {
		lab(vmid).ifPresent(PbsLab::close);
		if (purged) {
			this.byVmid.remove(vmid);
			this.disks.remove(vmid);
		}
	}

	private String start(PbsLab lab, InetAddress address) {
		try {
			lab.start(address);
			return null;
		}
		catch (UncheckedIOException ex) {
			return "bind to " + address.getHostAddress() + ":" + PbsLab.PORT + " failed: Address already in use";
		}
	}

	private PbsLab current(Guest guest) {
		return (this.disks.get(guest.vmid()) == guest.files()) ? this.byVmid.get(guest.vmid()) : null;
	}

	@Override
	public Datastore connect(String server, int port, String fingerprint, String username, String password,
			String datastore) {
		PbsLab lab = this.byVmid.values()
			.stream()
			.filter(candidate -> (server + ":" + port).equals(candidate.address()))
			.findFirst()
			.orElseThrow(() -> new BackupServerException("error fetching datastores - error trying to connect: tcp "
					+ "connect error: Connection refused (os error 111)"));
		String presented = lab.fingerprint();
		if (fingerprint == null || !normalise(fingerprint).equals(normalise(presented))) {
			// the client refuses the server before any request, so the token stays home
			throw new BackupServerException(
					"error fetching datastores - fingerprint '" + presented + "' not verified, abort!");
		}
		return lab.connect(username, password, datastore);
	}

	/**
	 * What PBS at {@code endpoint} ({@code https://host:8007}) shows a monitoring token:
	 * the datastores it may audit; empty when nothing listens there or the token is
	 * refused.
	 */
	public Optional<Map<String, Datastore>> audit(String endpoint, String tokenId, String secret) {
		String at = endpoint.replaceFirst("^https://", "").replaceFirst("/.*$", "");
		return this.byVmid.values()
			.stream()
			.filter(candidate -> at.equals(candidate.address()))
			.findFirst()
			.flatMap(lab -> lab.audit(tokenId, secret));
	}

	/** The version the lab installs ({@code proxmox-backup-server} package). */
	public static String version() {
		return PbsApt.VERSION;
	}

	private static String normalise(String fingerprint) {
		return fingerprint.replace(":", "").strip().toLowerCase(Locale.ROOT);
	}

}
