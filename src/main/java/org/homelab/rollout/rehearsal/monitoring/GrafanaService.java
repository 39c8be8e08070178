package org.homelab.rollout.rehearsal.monitoring;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.GuestCommand;
import org.homelab.rollout.rehearsal.RequestJournal;

/**
 * Grafana on a VM: the apt package (from Grafana's repository, key fetched with curl),
 * the {@code grafana-server} unit running a {@link SimulatedGrafana} at the VM's address,
 * and {@code grafana cli admin reset-admin-password}. Grafana's database (admin password,
 * service accounts) lives here per VM, so it survives a restart of the unit and goes with
 * a purge.
 */
public final class GrafanaService implements GuestCommand, AutoCloseable {

	static final String SERVER = "/usr/sbin/grafana-server";

	static final String INI = "/etc/grafana/grafana.ini";

	private final Map<Integer, SimulatedGrafana.Database> databases = new ConcurrentHashMap<>();

	private final Map<Integer, SimulatedGrafana> running = new ConcurrentHashMap<>();

	private final Set<Integer> refuseReset = ConcurrentHashMap.newKeySet();

	private final LabHttp.Faults faults;

	public GrafanaService() {
		this(FaultInjector.none(), null);
	}

	/** Its API fails by the lab's rules for "grafana" and lands in the journal. */
	public GrafanaService(FaultInjector faults, RequestJournal journal) {
		this.faults = new LabHttp.Faults(faults, "grafana", journal);
	}

	/** The Grafana of a VM while its unit runs. */
	public Optional<SimulatedGrafana> grafana(int vmid) {
		return Optional.ofNullable(this.running.get(vmid));
	}

	@Override
	public boolean handles(List<String> argv) {
		String program = argv.get(0).replaceAll(".*/", "");
		return switch (program) {
			case "curl" -> argv.stream().anyMatch(a -> a.startsWith("https://apt.grafana.com/"));
			case "apt-get", "apt" -> argv.contains("grafana") && (argv.contains("install") || argv.contains("purge"));
			case "systemctl" -> argv.size() >= 3
					&& List.of("grafana-server", "grafana-server.service").contains(argv.get(argv.size() - 1));
			case "grafana" -> argv.size() > 1 && argv.get(1).equals("cli");
			case "grafana-cli" -> true;
			default -> false;
		};
	}

	@Override
	public Result run(Guest guest, List<String> argv, String stdin) {
		String program = argv.get(0).replaceAll(".*/", "");
		return switch (program) {
			case "curl" -> curl(guest, argv);
			case "apt-get", "apt" -> argv.contains("purge") ? purge(guest) : install(guest);
			case "systemctl" -> systemctl(guest, argv.subList(1, argv.size() - 1));
			default -> cli(guest, argv.subList(program.equals("grafana") ? 2 : 1, argv.size()), stdin);
		};
	}

	@Override
	public void poweredOff(int vmid) {
		stop(vmid);
	}

	public void stopAll() {
		List.copyOf(this.running.keySet()).forEach(this::stop);
	}

	/**
	 * Fault: the next {@code grafana cli admin reset-admin-password} in the VM fails
	 * (exit 1), changing nothing.
	 */
	public void refuseNextPasswordReset(int vmid) {
		this.refuseReset.add(vmid);
	}

	/** Back to no Grafana anywhere (lab reset). */
	public void reset() {
		stopAll();
		this.databases.clear();
		this.refuseReset.clear();
	}

	@Override
	public void close() {
		stopAll();
	}

	private Result curl(Guest guest, List<String> argv) {
		int output = argv.indexOf("-o");
		if (output < 0 || output + 1 >= argv.size()) {
			return Result.ok("-----BEGIN PGP PUBLIC KEY BLOCK-----\n(lab)\n-----END PGP PUBLIC KEY BLOCK-----\n");
		}
		guest.files()
			.put(argv.get(output + 1),
					"-----BEGIN PGP PUBLIC KEY BLOCK-----\n(lab: Grafana's apt key)\n"
						.concat("-----END PGP PUBLIC KEY BLOCK-----\n")
						.getBytes(StandardCharsets.UTF_8));
		return Result.ok("");
	}

	private Result install(Guest guest) {
		if (guest.files().containsKey(SERVER)) {
			return new Result(0, "grafana is already the newest version (12.2.0).\n", "", "proxmox.apt-noop");
		}
		guest.files().put(SERVER, new byte[0]);
		guest.files().put(INI, "; Grafana's defaults\n".getBytes(StandardCharsets.UTF_8));
		this.databases.put(guest.vmid(), new SimulatedGrafana.Database());
		return new Result(0, "Setting up grafana (12.2.0) ...\n", "", "proxmox.install");
	}

	private Result purge(Guest guest) {
		stop(guest.vmid());
		guest.files().remove(SERVER);
		guest.files().remove(INI);
		this.databases.remove(guest.vmid());
		return Result.ok("Purging configuration files for grafana (12.2.0) ...\n");
	}

	private Result systemctl(Guest guest, List<String> args) {
		String verb = args.stream().filter(a -> !a.startsWith("-")).findFirst().orElse("");
		boolean now = args.contains("--now");
		return switch (verb) {
			case "enable" -> now ? start(guest, false) : Result.ok("");
			case "start" -> start(guest, false);
			case "restart" -> start(guest, true);
			case "stop" -> stopped(guest.vmid());
			case "disable" -> now ? stopped(guest.vmid()) : Result.ok("");
			case "is-active" ->
				this.running.containsKey(guest.vmid()) ? Result.ok("active\n") : new Result(3, "inactive\n", "", null);
			default -> Result.ok("");
		};
	}

	/**
	 * {@code grafana cli admin reset-admin-password --password-from-stdin} (or the
	 * password as argument).
	 */
	private Result cli(Guest guest, List<String> args, String stdin) {
		SimulatedGrafana.Database database = this.databases.get(guest.vmid());
		if (database == null) {
			return Result.fail(127, "grafana: command not found\n");
		}
		List<String> words = args.stream()
			.filter(a -> !a.startsWith("--homepath") && !a.startsWith("--config"))
			.toList();
		if (words.size() < 2 || !words.get(0).equals("admin") || !words.get(1).equals("reset-admin-password")) {
			return Result.fail(1, "Error: the lab's grafana cli knows only 'admin reset-admin-password'\n");
		}
		String password = words.contains("--password-from-stdin") ? stdin.strip()
				: (words.size() > 2 ? words.get(2) : "");
		if (password.isEmpty()) {
			return Result.fail(1, "Error: ✗ New password is too short\n");
		}
		if (this.refuseReset.remove(guest.vmid())) {
			return Result.fail(1, "Error: ✗ failed to reset admin password: database is locked\n");
		}
		database.adminPassword = password;
		return Result.ok("\nAdmin password changed successfully ✔\n\n");
	}

	private Result start(Guest guest, boolean restart) {
		SimulatedGrafana.Database database = this.databases.get(guest.vmid());
		if (database == null || !guest.files().containsKey(SERVER)) {
			return Result.fail(5, "Failed to start grafana-server.service: Unit grafana-server.service not found.\n");
		}
		if (this.running.containsKey(guest.vmid()) && !restart) {
			return Result.ok("");
		}
		stop(guest.vmid());
		try {
			this.running.put(guest.vmid(),
					new SimulatedGrafana(guest.address(), 3000, database, Map.copyOf(guest.files()), this.faults));
			return Result.ok("");
		}
		catch (UncheckedIOException ex) {
			return Result.fail(1,
					"Job for grafana-server.service failed because the control process exited with " + "error code.\n");
		}
	}

	private Result stopped(int vmid) {
		stop(vmid);
		return Result.ok("");
	}

	private void stop(int vmid) {
		SimulatedGrafana grafana = this.running.remove(vmid);
		if (grafana != null) {
			grafana.close();
		}
	}

}
