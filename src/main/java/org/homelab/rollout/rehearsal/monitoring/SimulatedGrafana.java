package org.homelab.rollout.rehearsal.monitoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import org.yaml.snakeyaml.Yaml;

/**
 * Grafana 12's HTTP API as far as the rollout uses it, at the VM's address, port 3000:
 * /api/health (open), /api/search, /api/user, /api/datasources, service accounts and
 * their tokens (Basic auth as admin, or a token), /metrics. Data sources and dashboards
 * are what the provisioning files in the VM said when the unit started.
 */
public final class SimulatedGrafana implements AutoCloseable {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final String PROVISIONING = "/etc/grafana/provisioning";

	/**
	 * Grafana's database: the admin password (its default until reset) and service
	 * accounts with tokens.
	 */
	static final class Database {

		volatile String adminPassword = "admin";

		final Map<Long, String> accounts = new ConcurrentHashMap<>();

		final Map<String, Long> tokens = new ConcurrentHashMap<>();

	}

	private final Database database;

	private final List<Map<String, Object>> datasources = new ArrayList<>();

	private final List<Map<String, Object>> dashboards = new ArrayList<>();

	private final LabHttp server;

	SimulatedGrafana(InetAddress address, int port, Database database, Map<String, byte[]> files,
			LabHttp.Faults faults) {
		this.database = database;
		provision(files);
		this.server = new LabHttp(address, port, "simulated-grafana", this::handle, faults);
	}

	/** The provisioned dashboards' titles, for tests. */
	public List<String> dashboardTitles() {
		return this.dashboards.stream().map(d -> (String) d.get("title")).toList();
	}

	public List<Map<String, Object>> datasources() {
		return List.copyOf(this.datasources);
	}

	@Override
	public void close() {
		this.server.close();
	}

	private LabHttp.Reply handle(HttpExchange exchange) {
		String path = exchange.getRequestURI().getPath();
		String method = exchange.getRequestMethod();
		if (path.equals("/api/health")) {
			return json(200, Map.of("commit", "5a4b1f9", "database", "ok", "version", "12.2.0"));
		}
		if (path.equals("/metrics")) {
			return LabHttp.Reply.text(200,
					"# TYPE grafana_build_info gauge\ngrafana_build_info{edition=\"oss\","
							+ "version=\"12.2.0\"} 1\n# TYPE grafana_stat_totals_dashboard gauge\n"
							+ "grafana_stat_totals_dashboard " + this.dashboards.size() + "\n");
		}
		String who = authenticate(exchange.getRequestHeaders().getFirst("Authorization"));
		if (who == null) {
			return json(401, Map.of("message", "Unauthorized"));
		}
		boolean admin = who.equals("admin");
		if (method.equals("GET") && path.equals("/api/search")) {
			return json(200, this.dashboards);
		}
		if (method.equals("GET") && path.equals("/api/user")) {
			return json(200, Map.of("login", who, "isGrafanaAdmin", admin));
		}
		if (!admin) {
			return json(403, Map.of("message", "You'll need additional permissions to perform this action."));
		}
		if (method.equals("GET") && path.equals("/api/datasources")) {
			return json(200, this.datasources);
		}
		if (method.equals("GET") && path.equals("/api/serviceaccounts/search")) {
			List<Map<String, Object>> found = new ArrayList<>();
			this.database.accounts.forEach((id, name) -> found.add(Map.of("id", id, "name", name, "role", "Viewer")));
			return json(200, Map.of("totalCount", found.size(), "serviceAccounts", found));
		}
		if (method.equals("POST") && path.equals("/api/serviceaccounts")) {
			String name = body(exchange).path("name").asText();
			if (this.database.accounts.containsValue(name)) {
				return json(400, Map.of("message", "service account already exists"));
			}
			long id = this.database.accounts.size() + 2L;
			this.database.accounts.put(id, name);
			return json(201, Map.of("id", id, "name", name, "role", "Viewer"));
		}
		if (method.equals("POST") && path.matches("/api/serviceaccounts/\\d+/tokens")) {
			long id = Long.parseLong(path.split("/")[3]);
			if (!this.database.accounts.containsKey(id)) {
				return json(404, Map.of("message", "service account not found"));
			}
			byte[] random = new byte[16];
			new SecureRandom().nextBytes(random);
			String key = "glsa_" + HexFormat.of().formatHex(random);
			this.database.tokens.put(key, id);
			return json(200, Map.of("id", this.database.tokens.size(), "name", body(exchange).path("name").asText(),
					"key", key));
		}
		return json(404, Map.of("message", "Not found"));
	}

	private String authenticate(String header) {
		if (header == null) {
			return null;
		}
		if (header.startsWith("Bearer ")) {
			Long id = this.database.tokens.get(header.substring(7).trim());
			return (id != null) ? "sa-" + this.database.accounts.get(id) : null;
		}
		if (header.startsWith("Basic ")) {
			String[] credentials = new String(Base64.getDecoder().decode(header.substring(6).trim()),
					StandardCharsets.UTF_8)
				.split(":", 2);
			return (credentials.length == 2 && credentials[0].equals("admin")
					&& credentials[1].equals(this.database.adminPassword)) ? "admin" : null;
		}
		return null;
	}

	@SuppressWarnings("unchecked")
	private void provision(Map<String, byte[]> files) {
		files.forEach((path, content) -> {
			if (!path.startsWith(PROVISIONING + "/") || !path.matches(".*\\.ya?ml")) {
				return;
			}
			Map<String, Object> yaml = new Yaml().load(new String(content, StandardCharsets.UTF_8));
			if (path.startsWith(PROVISIONING + "/datasources/")) {
				this.datasources.addAll((List<Map<String, Object>>) yaml.getOrDefault("datasources", List.of()));
			}
			else if (path.startsWith(PROVISIONING + "/dashboards/")) {
				for (Map<String, Object> provider : (List<Map<String, Object>>) yaml.getOrDefault("providers",
						List.of())) {
					String dir = (String) ((Map<String, Object>) provider.get("options")).get("path");
					dashboardsIn(files, dir, (String) provider.getOrDefault("folder", "General"));
				}
			}
		});
	}

	private void dashboardsIn(Map<String, byte[]> files, String dir, String folder) {
		files.forEach((path, content) -> {
			if (path.startsWith(dir + "/") && path.endsWith(".json")) {
				try {
					JsonNode dashboard = JSON.readTree(content);
					Map<String, Object> hit = new LinkedHashMap<>();
					hit.put("uid", dashboard.path("uid").asText());
					hit.put("title", dashboard.path("title").asText());
					hit.put("type", "dash-db");
					hit.put("folderTitle", folder);
					hit.put("url", "/d/" + dashboard.path("uid").asText());
					this.dashboards.add(hit);
				}
				catch (IOException ex) {
					// Grafana logs a broken dashboard file and goes on without it
				}
			}
		});
	}

	private static JsonNode body(HttpExchange exchange) {
		try {
			return JSON.readTree(LabHttp.body(exchange));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static LabHttp.Reply json(int status, Object body) {
		try {
			return LabHttp.Reply.json(status, JSON.writeValueAsString(body));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
