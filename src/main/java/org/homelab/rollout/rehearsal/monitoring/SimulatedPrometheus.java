package org.homelab.rollout.rehearsal.monitoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.Yaml;

/**
 * Stands in for Prometheus where /usr/bin/prometheus is not installed: reads the same
 * prometheus.yml, static and file service discovery targets and rule files, and answers
 * /-/ready, /api/v1/targets (scraping each target when asked) and /api/v1/rules (every
 * rule inactive). It says at start that it is simulated.
 */
final class SimulatedPrometheus implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(SimulatedPrometheus.class);

	private static final ObjectMapper JSON = new ObjectMapper();

	private final Path etc;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final LabHttp server;

	SimulatedPrometheus(InetAddress address, int port, Path etc, LabHttp.Faults faults) {
		this.etc = etc;
		this.server = new LabHttp(address, port, "simulated-prometheus",
				exchange -> switch (exchange.getRequestURI().getPath()) {
					case "/-/ready", "/-/healthy" -> LabHttp.Reply.text(200, "Prometheus Server is Ready.\n");
					case "/api/v1/targets" -> LabHttp.Reply.json(200,
							envelope(Map.of("activeTargets", targets(), "droppedTargets", List.of())));
					case "/api/v1/rules" -> LabHttp.Reply.json(200, envelope(Map.of("groups", rules())));
					default -> LabHttp.Reply.text(404, "404 page not found\n");
				}, faults);
		log.warn(
				"Rehearsal Prometheus at {}:{} is SIMULATED (no /usr/bin/prometheus here; apt install prometheus "
						+ "to run the real one): it reads the engine's configuration but evaluates no rules",
				address.getHostAddress(), port);
	}

	@Override
	public void close() {
		this.server.close();
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> config() {
		try {
			return new Yaml().load(Files.readString(this.etc.resolve("prometheus.yml")));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> targets() {
		List<Map<String, Object>> targets = new ArrayList<>();
		for (Map<String, Object> job : (List<Map<String, Object>>) config().get("scrape_configs")) {
			List<Map<String, Object>> groups = new ArrayList<>();
			groups.addAll((List<Map<String, Object>>) job.getOrDefault("static_configs", List.of()));
			for (Map<String, Object> sd : (List<Map<String, Object>>) job.getOrDefault("file_sd_configs", List.of())) {
				for (String file : (List<String>) sd.get("files")) {
					try {
						groups.addAll(JSON.readValue(this.etc.resolve(file).toFile(), List.class));
					}
					catch (IOException ex) {
						// as Prometheus: a missing SD file yields no targets
					}
				}
			}
			for (Map<String, Object> group : groups) {
				for (String target : (List<String>) group.get("targets")) {
					targets.add(scrape(job, target, (Map<String, String>) group.getOrDefault("labels", Map.of())));
				}
			}
		}
		return targets;
	}

	private Map<String, Object> scrape(Map<String, Object> job, String target, Map<String, String> groupLabels) {
		String scheme = (String) job.getOrDefault("scheme", "http");
		String url = scheme + "://" + target + job.getOrDefault("metrics_path", "/metrics");
		String health;
		String error = "";
		try {
			HttpResponse<Void> response = this.http.send(
					HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
					HttpResponse.BodyHandlers.discarding());
			health = (response.statusCode() == 200) ? "up" : "down";
			error = (response.statusCode() == 200) ? "" : "server returned HTTP status " + response.statusCode();
		}
		catch (IOException ex) {
			health = "down";
			error = "Get \"" + url + "\": " + ex.getClass().getSimpleName();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			health = "unknown";
		}
		Map<String, String> labels = new LinkedHashMap<>(groupLabels);
		labels.put("job", (String) job.get("job_name"));
		labels.put("instance", target);
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("labels", labels);
		answer.put("scrapePool", job.get("job_name"));
		answer.put("scrapeUrl", url);
		answer.put("health", health);
		answer.put("lastError", error);
		return answer;
	}

	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> rules() {
		List<Map<String, Object>> groups = new ArrayList<>();
		Path rules = this.etc.resolve("rules");
		if (!Files.isDirectory(rules)) {
			return groups;
		}
		try (var files = Files.list(rules)) {
			for (Path file : files.filter(f -> f.toString().endsWith(".rules.yml")).sorted().toList()) {
				Map<String, Object> content = new Yaml().load(Files.readString(file));
				for (Map<String, Object> group : (List<Map<String, Object>>) content.get("groups")) {
					List<Map<String, Object>> loaded = new ArrayList<>();
					for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
						loaded.add(Map.of("name", rule.get("alert"), "query", rule.get("expr"), "state", "inactive",
								"health", "unknown", "type", "alerting", "alerts", List.of()));
					}
					groups.add(Map.of("name", group.get("name"), "file", file.toString(), "rules", loaded));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return groups;
	}

	private static String envelope(Object data) {
		try {
			return JSON.writeValueAsString(Map.of("status", "success", "data", data));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
