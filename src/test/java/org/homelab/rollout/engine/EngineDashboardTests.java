package org.homelab.rollout.engine;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.homelab.rollout.criteria.CriteriaGauges;
import org.homelab.rollout.monitoring.PrometheusConfig;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped engine dashboard (deploy/grafana/dashboards/engine.json) asks Prometheus
 * only for what the engine really exports on {@code /actuator/prometheus}: every metric
 * name of its queries is there, with the labels its legends name, under the job
 * Prometheus scrapes the engine as. The same context as ModelsAndBeansTests (with
 * Prometheus' registry).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({ "rehearsal", "test" })
@AutoConfigureObservability(tracing = false)
class EngineDashboardTests {

	static final Path DASHBOARD = Path.of("deploy/grafana/dashboards/engine.json");

	/**
	 * An identifier of a query without its label matchers: a metric name unless a
	 * function ('(' follows) or a keyword.
	 */
	static final Pattern NAME = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");

	static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([^}]*)\\}", Pattern.MULTILINE);

	static final Set<String> PROMQL_WORDS = Set.of("sum", "max", "min", "count", "or", "and", "vector", "by", "without",
			"on", "ignoring", "rate", "increase");

	@LocalServerPort
	int port;

	@Autowired
	CriteriaGauges gauges;

	@Test
	void everyQueryOfTheEngineDashboardUsesAMetricTheEngineExportsWithItsLabels() throws Exception {
		// a gate sets the criterion gauges; none ran in this context, so one is set as a
		// gate's listener would
		this.gauges.record(1, "dashboardProbe", true);
		String exported = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/actuator/prometheus")).build(),
					BodyHandlers.ofString())
			.body();
		Map<String, Set<String>> labels = new TreeMap<>();
		Matcher sample = SAMPLE.matcher(exported);
		while (sample.find()) {
			Set<String> names = labels.computeIfAbsent(sample.group(1), name -> new TreeSet<>());
			for (String pair : sample.group(2).split(",")) {
				if (pair.contains("=")) {
					names.add(pair.substring(0, pair.indexOf('=')).strip());
				}
			}
		}
		assertThat(labels).containsKeys("homelab_rollout_runs", "homelab_rollout_criterion");

		JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
		Set<String> asked = new TreeSet<>();
		int queries = 0;
		for (JsonNode panel : dashboard.path("panels")) {
			for (JsonNode target : panel.path("targets")) {
				String expr = target.path("expr").asText();
				queries++;
				// the engine's own series, as Prometheus scrapes it
				assertThat(expr).as(panel.path("title").asText())
					.contains("job=\"" + PrometheusConfig.ENGINE_JOB + "\"");
				Matcher name = NAME.matcher(expr.replaceAll("\\{[^}]*}", " "));
				Set<String> names = new TreeSet<>();
				while (name.find()) {
					if (name.group(2) == null && !PROMQL_WORDS.contains(name.group(1))) {
						names.add(name.group(1));
					}
				}
				assertThat(names).as(expr).isNotEmpty();
				asked.addAll(names);
				Matcher legend = Pattern.compile("\\{\\{(\\w+)}}").matcher(target.path("legendFormat").asText());
				while (legend.find()) {
					String label = legend.group(1);
					assertThat(names).as("%s: a series with label %s", expr, label)
						.anyMatch(metric -> label.equals("instance")
								|| labels.getOrDefault(metric, Set.of()).contains(label));
				}
			}
		}
		assertThat(queries).isGreaterThanOrEqualTo(10);
		// up is Prometheus' own series of every target; the rest must come from the
		// engine
		asked.remove("up");
		assertThat(asked).as("metric names the dashboard asks for")
			.contains("homelab_rollout_runs", "homelab_rollout_incidents", "homelab_rollout_external_tasks",
					"homelab_rollout_criterion")
			.isSubsetOf(labels.keySet());
	}

}
