package org.homelab.rollout.rehearsal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * The rehearsal lab in its own process, so an engine can be killed and restarted against
 * a homelab that keeps its state. Writes {@code <lab-dir>/endpoints.properties} for the
 * engine to import, and answers on its control port: {@code POST /reset} (back to a fresh
 * homelab), {@code GET /journal} (one line per request it answered), {@code GET /state}
 * (what the homelab holds: VMs, Helm releases, Vault mounts, policies and secrets), which
 * a test that kills the engine reads from outside to count what got created twice, and
 * {@code POST /holds} (one hold a line, {@code name<TAB>match[<TAB>after]}: the first
 * request matching is applied but its answer held back, {@link RequestJournal.Hold}),
 * {@code GET /holds} (the requests held so far, {@code name<TAB>journal line}), with
 * which such a test catches the engine in the middle of a request.
 */
public final class StandaloneLab {

	private static final Log logger = LogFactory.getLog(StandaloneLab.class);

	private StandaloneLab() {
	}

	public static void main(String[] args) throws IOException {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
		LabSettings settings = LabSettings.from(environment);
		RehearsalLab lab = new RehearsalLab(settings).start();
		if (!LabSettings.k3sOnFirstUse(environment)) {
			lab.kubernetes().startClusterNow();
		}
		HttpServer control = HttpServer.create(new InetSocketAddress("127.0.0.1", settings.controlPort()), 0);
		control.createContext("/reset", exchange -> {
			if (!"POST".equals(exchange.getRequestMethod())) {
				answer(exchange, 405, "POST /reset empties the lab\n");
				return;
			}
			lab.reset();
			answer(exchange, 200, "reset\n");
		});
		control.createContext("/journal", exchange -> answer(exchange, 200, journal(lab)));
		control.createContext("/holds", exchange -> {
			if ("POST".equals(exchange.getRequestMethod())) {
				String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
				try {
					lab.journal().arm(body.lines().filter(line -> !line.isBlank()).map(StandaloneLab::hold).toList());
				}
				catch (IllegalArgumentException ex) {
					answer(exchange, 400, ex.getMessage() + "\n");
					return;
				}
				answer(exchange, 200, "armed\n");
				return;
			}
			answer(exchange, 200,
					lab.journal()
						.held()
						.stream()
						.map(held -> held.name() + "\t" + RequestJournal.line(held.entry()))
						.collect(Collectors.joining("\n", "", "\n")));
		});
		control.createContext("/state", exchange -> answer(exchange, 200, state(lab)));
		control.start();
		Path endpoints = writeEndpoints(settings.labDir(), lab.inventoryProperties(), control.getAddress().getPort());
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			control.stop(0);
			lab.close();
		}));
		logger.info("Standalone rehearsal lab ready; start the engine with --rehearsal.embedded=false "
				+ "--spring.config.import=file:" + endpoints);
	}

	private static Path writeEndpoints(Path labDir, Map<String, Object> inventory, int controlPort) throws IOException {
		Files.createDirectories(labDir);
		String lines = inventory.entrySet()
			.stream()
			.map(e -> e.getKey() + "=" + e.getValue().toString().replace("\\", "\\\\").replace("\n", "\\n"))
			.collect(Collectors.joining("\n"));
		Path file = labDir.resolve("endpoints.properties").toAbsolutePath();
		Path written = labDir.resolve("endpoints.properties.tmp");
		Files.writeString(written, lines + "\nrehearsal.control-url=http://127.0.0.1:" + controlPort + "\n");
		// renamed into place, so a reader never sees half a file
		return Files.move(written, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
				java.nio.file.StandardCopyOption.REPLACE_EXISTING);
	}

	private static String journal(RehearsalLab lab) {
		return lab.journal().entries().stream().map(RequestJournal::line).collect(Collectors.joining("\n", "", "\n"));
	}

	/** {@code name<TAB>match[<TAB>after]}, the patterns over journal lines. */
	private static RequestJournal.Hold hold(String line) {
		String[] parts = line.split("\t", 3);
		if (parts.length < 2) {
			throw new IllegalArgumentException("a hold reads name<TAB>match[<TAB>after], not: " + line);
		}
		return new RequestJournal.Hold(parts[0], Pattern.compile(parts[1]),
				(parts.length > 2) ? Pattern.compile(parts[2]) : null);
	}

	/**
	 * One line per thing the homelab holds, tab-separated: {@code vm <name> <vmid>},
	 * {@code helmchart <namespace>/<name>}, and per Vault (by its VM's VMID)
	 * {@code vault-mount}, {@code vault-auth}, {@code vault-policy},
	 * {@code vault-secret <mount/path> <version>}.
	 */
	private static String state(RehearsalLab lab) {
		StringBuilder out = new StringBuilder();
		lab.proxmox()
			.vms()
			.forEach(vm -> out.append("vm\t").append(vm.name()).append('\t').append(vm.vmid()).append('\n'));
		lab.kubernetes()
			.helmCharts()
			.forEach(chart -> out.append("helmchart\t")
				.append(chart.getMetadata().getNamespace())
				.append('/')
				.append(chart.getMetadata().getName())
				.append('\n'));
		lab.vaults().labs().forEach((vmid, vault) -> {
			vault.mounts().forEach((path, type) -> line(out, "vault-mount", vmid, path, type));
			vault.authMounts().forEach((path, type) -> line(out, "vault-auth", vmid, path, type));
			vault.policies().forEach(name -> line(out, "vault-policy", vmid, name, ""));
			vault.kvVersions().forEach((path, version) -> line(out, "vault-secret", vmid, path, version.toString()));
		});
		return out.toString();
	}

	private static void line(StringBuilder out, String kind, int vmid, String name, String detail) {
		out.append(kind).append('\t').append(vmid).append('\t').append(name).append('\t').append(detail).append('\n');
	}

	private static void answer(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

}
