package org.homelab.rollout.rehearsal.monitoring;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.homelab.rollout.rehearsal.GuestCommand;
import org.homelab.rollout.rehearsal.proxmox.BackupServers.Datastore;

/**
 * The {@code prometheus-pbs-exporter} unit of a lab VM: natrontech/pbs-exporter v0.9.3 as
 * a systemd unit runs it. {@code systemctl enable --now|start|restart} reads the unit's
 * {@code Environment=} settings ({@code PBS_ENDPOINT}, {@code PBS_USERNAME},
 * {@code PBS_API_TOKEN_NAME}, {@code PBS_API_TOKEN_FILE}, {@code PBS_LISTEN_ADDRESS}) and
 * the token file, once, as the exporter does at start, and listens at the VM's address
 * (port 10019 unless the listen address says otherwise). Each scrape of {@code /metrics}
 * asks {@link PbsApi} (the lab's PBS) with that token and renders the answer with
 * {@link PbsExporterMetrics}; a refusal is {@code pbs_up 0}.
 * <p>
 * As on a real VM: a unit file that is not there fails the start ("Unit … not found",
 * exit 5); an exporter whose token file is missing dies at once ({@code log.Fatal}), so
 * {@code systemctl start} succeeds and nothing listens; {@code stop}, {@code disable
 * --now} or the VM stopping end it.
 */
public final class PbsExporterService implements GuestCommand, AutoCloseable {

	public static final String UNIT = "prometheus-pbs-exporter";

	public static final String UNIT_FILE = "/etc/systemd/system/" + UNIT + ".service";

	/** What the exporter reads of PBS with a token: its version and datastores. */
	public record Reading(PbsExporterMetrics.Version version, Map<String, Datastore> datastores) {
	}

	/** The lab's PBS as the exporter's API calls reach it. */
	@FunctionalInterface
	public interface PbsApi {

		/**
		 * What PBS at {@code endpoint} shows the API token {@code tokenId}
		 * ({@code user@realm!name}) with {@code secret}, or empty when it refuses
		 * (unreachable, 401, certificate not trusted).
		 */
		Optional<Reading> read(String endpoint, String tokenId, String secret);

	}

	private final PbsApi pbs;

	private final Map<Integer, LabHttp> running = new ConcurrentHashMap<>();

	public PbsExporterService(PbsApi pbs) {
		this.pbs = pbs;
	}

	@Override
	public boolean handles(List<String> argv) {
		String program = argv.get(0).replaceAll(".*/", "");
		return program.equals("systemctl") && argv.size() >= 3
				&& List.of(UNIT, UNIT + ".service").contains(argv.get(argv.size() - 1));
	}

	@Override
	public Result run(Guest guest, List<String> argv, String stdin) {
		List<String> args = argv.subList(1, argv.size() - 1);
		String verb = args.stream().filter(a -> !a.startsWith("-")).findFirst().orElse("");
		boolean now = args.contains("--now");
		return switch (verb) {
			case "enable" -> now ? start(guest, false) : unitThere(guest);
			case "start" -> start(guest, false);
			case "restart" -> start(guest, true);
			case "stop" -> stopped(guest);
			case "disable" -> now ? stopped(guest) : Result.ok("");
			case "is-active" ->
				this.running.containsKey(guest.vmid()) ? Result.ok("active\n") : new Result(3, "inactive\n", "", null);
			default -> Result.fail(1, "systemctl " + verb + " " + UNIT + ": not simulated in the lab\n");
		};
	}

	/** Whether the VM's exporter listens. */
	public boolean running(int vmid) {
		return this.running.containsKey(vmid);
	}

	@Override
	public void poweredOff(int vmid) {
		LabHttp http = this.running.remove(vmid);
		if (http != null) {
			http.close();
		}
	}

	/** Every VM's exporter stopped (the lab's reset). */
	public void reset() {
		List.copyOf(this.running.keySet()).forEach(this::poweredOff);
	}

	@Override
	public void close() {
		reset();
	}

	private Result start(Guest guest, boolean restart) {
		Result missing = unitThere(guest);
		if (missing.exitCode() != 0) {
			return missing;
		}
		if (this.running.containsKey(guest.vmid()) && !restart) {
			return Result.ok("");
		}
		poweredOff(guest.vmid());
		Map<String, String> env = environment(guest.files().get(UNIT_FILE));
		byte[] token = guest.files().get(env.getOrDefault("PBS_API_TOKEN_FILE", ""));
		String secret = env.get("PBS_API_TOKEN");
		if (secret == null && token != null) {
			// the exporter reads the file's first line
			secret = new String(token, StandardCharsets.UTF_8).lines().findFirst().orElse("");
		}
		if (secret == null) {
			// log.Fatal at start: the unit fails right after systemctl returned
			return Result.ok("");
		}
		// localhost on the VM is the VM itself: the PBS beside the exporter
		String endpoint = env.getOrDefault("PBS_ENDPOINT", "http://localhost:8007")
			.replaceFirst("^(https?://)(localhost|127\\.0\\.0\\.1)(?=[:/]|$)", "$1" + guest.address().getHostAddress());
		String tokenId = env.getOrDefault("PBS_USERNAME", "root@pam") + "!"
				+ env.getOrDefault("PBS_API_TOKEN_NAME", "pbs-exporter");
		String listen = env.getOrDefault("PBS_LISTEN_ADDRESS", ":" + PbsExporterMetrics.PORT);
		int port = Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
		String metricsPath = env.getOrDefault("PBS_METRICS_PATH", "/metrics");
		String tokenSecret = secret;
		this.running.put(guest.vmid(), new LabHttp(guest.address(), port, "pbs-exporter-" + guest.name(), exchange -> {
			if (!exchange.getRequestURI().getPath().equals(metricsPath)) {
				// the exporter's "/" handler answers every other path with its page
				return new LabHttp.Reply(200, "text/html; charset=utf-8",
						"<html><head><title>PBS Exporter</title></head><body><h1>Proxmox Backup Server Exporter</h1>"
								+ "<p><a href='" + metricsPath + "'>Metrics</a></p></body></html>");
			}
			String text = this.pbs.read(endpoint, tokenId, tokenSecret)
				.map(reading -> PbsExporterMetrics.render(reading.version(), reading.datastores()))
				.orElseGet(PbsExporterMetrics::unreachable);
			return new LabHttp.Reply(200, PbsExporterMetrics.CONTENT_TYPE, text);
		}));
		return Result.ok("");
	}

	private Result stopped(Guest guest) {
		poweredOff(guest.vmid());
		return Result.ok("");
	}

	private static Result unitThere(Guest guest) {
		return guest.files().containsKey(UNIT_FILE) ? Result.ok("")
				: Result.fail(5, "Failed to start " + UNIT + ".service: Unit " + UNIT + ".service not found.\n");
	}

	/**
	 * The unit's {@code Environment=} assignments ({@code KEY=value}, optionally quoted).
	 */
	static Map<String, String> environment(byte[] unit) {
		Map<String, String> env = new LinkedHashMap<>();
		new String(unit, StandardCharsets.UTF_8).lines().map(String::strip).forEach(line -> {
			if (!line.startsWith("Environment=")) {
				return;
			}
			String assignment = line.substring("Environment=".length());
			if (assignment.length() >= 2 && assignment.startsWith("\"") && assignment.endsWith("\"")) {
				assignment = assignment.substring(1, assignment.length() - 1);
			}
			int equals = assignment.indexOf('=');
			if (equals > 0) {
				env.put(assignment.substring(0, equals), assignment.substring(equals + 1));
			}
		});
		return env;
	}

}
