package org.homelab.rollout.kubernetes;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two GitLab Runner values files, rendered for their placement as the install step
 * renders them, use only keys the pinned chart (gitlab-runner 0.86.0, see
 * deploy/helm-values/README.md) documents, and say what issue 15 asks: the runner's
 * Secret, a concurrency cap, a namespaced Role only, metrics on 9252, no privileged or
 * root builds, build pods with requests and limits on the runner's node, and for the GPU
 * runner the NVIDIA runtime class, a {@code nvidia.com/gpu} limit and the GPU taint's
 * toleration.
 */
class GitlabRunnerValuesTests {

	private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

	private final HelmValues values = new HelmValues(Path.of("deploy/helm-values"), TestInventory.plan(""));

	@ParameterizedTest
	@CsvSource({ "gpu,runnerGpu,k3s-w-1", "general,runnerGeneral,k3s-w-2" })
	void everyKeyIsOneTheChartDocuments(String runner, String placement, String node) throws IOException {
		List<String> unknown = ChartKeys.of("/charts/gitlab-runner-0.86.0.keys").unknown(render(runner, placement));

		assertThat(this.values.node(placement)).isEqualTo(node);
		assertThat(unknown).as("keys gitlab-runner 0.86.0 does not document").isEmpty();
	}

	@ParameterizedTest
	@CsvSource({ "gpu,runnerGpu,k3s-w-1", "general,runnerGeneral,k3s-w-2" })
	void theRunnerIsConfinedCappedAndMonitored(String runner, String placement, String node) throws IOException {
		JsonNode rendered = render(runner, placement);

		assertThat(rendered.path("gitlabUrl").asText()).isEqualTo("https://gitlab.homelab.lan/");
		assertThat(rendered.path("runners").path("secret").asText()).isEqualTo("gitlab-runner-" + runner);
		assertThat(rendered.has("runnerToken")).as("no token in values").isFalse();
		assertThat(rendered.has("runnerRegistrationToken")).isFalse();
		assertThat(rendered.path("concurrent").asInt()).isBetween(1, 4);
		assertThat(rendered.path("rbac").path("create").asBoolean()).isTrue();
		assertThat(rendered.path("rbac").path("clusterWideAccess").isBoolean()).isTrue();
		assertThat(rendered.path("rbac").path("clusterWideAccess").asBoolean()).as("a Role, no ClusterRole").isFalse();
		assertThat(rendered.path("metrics").path("enabled").asBoolean()).isTrue();
		assertThat(rendered.path("metrics").path("port").asInt()).isEqualTo(9252);
		assertThat(rendered.path("service").path("enabled").asBoolean()).as("the metrics Service").isTrue();
		// Prometheus scrapes .../services/<release>:metrics/proxy/metrics
		// (GitlabTargets): the
		// chart names the Service after a release that starts with its name, its port
		// after metrics.portName
		assertThat(rendered.path("metrics").path("portName").asText()).isEqualTo("metrics");
		assertThat(rendered.has("fullnameOverride") || rendered.has("nameOverride")).isFalse();
		assertThat("gitlab-runner-" + runner).startsWith("gitlab-runner");
		assertThat(rendered.path("securityContext").path("privileged").asBoolean(true)).isFalse();
		assertThat(rendered.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
		assertThat(rendered.path("podSecurityContext").path("runAsNonRoot").asBoolean()).isTrue();
		assertThat(rendered.path("nodeSelector").path("kubernetes.io/hostname").asText()).isEqualTo(node);

		Map<String, String> kubernetes = toml(rendered.path("runners").path("config").asText(), "runners.kubernetes");
		assertThat(kubernetes).containsEntry("namespace", "\"gitlab-runner\"")
			.containsEntry("privileged", "false")
			.containsEntry("allow_privilege_escalation", "false")
			.containsKeys("cpu_request", "cpu_limit", "memory_request", "memory_limit");
		assertThat(toml(rendered.path("runners").path("config").asText(), "runners.kubernetes.node_selector"))
			.containsEntry("\"kubernetes.io/hostname\"", "\"" + node + "\"");
		assertThat(toml(rendered.path("runners").path("config").asText(), "runners.kubernetes.pod_security_context"))
			.containsEntry("run_as_non_root", "true");
	}

	@ParameterizedTest
	@CsvSource({ "gpu,runnerGpu" })
	void gpuBuildsGetTheNvidiaRuntimeAGpuAndTheToleration(String runner, String placement) throws IOException {
		JsonNode rendered = render(runner, placement);
		String config = rendered.path("runners").path("config").asText();

		assertThat(toml(config, "runners.kubernetes")).containsEntry("runtime_class_name", "\"nvidia\"");
		assertThat(toml(config, "runners.kubernetes.node_tolerations")).containsEntry("\"nvidia.com/gpu\"",
				"\"NoSchedule\"");
		assertThat(toml(config, "runners")).containsEntry("environment",
				"[\"FF_USE_ADVANCED_POD_SPEC_CONFIGURATION=true\"]");
		// the pod_spec patch is YAML inside the TOML: the build container's GPU limit
		String patch = config.substring(config.indexOf("patch = '''") + 11, config.lastIndexOf("'''"));
		JsonNode build = YAML.readTree(patch).path("containers").path(0);
		assertThat(build.path("name").asText()).isEqualTo("build");
		assertThat(build.path("resources").path("limits").path("nvidia.com/gpu").asInt()).isEqualTo(1);
		assertThat(rendered.path("tolerations").path(0).path("key").asText()).isEqualTo("nvidia.com/gpu");
		assertThat(rendered.path("tolerations").path(0).path("effect").asText()).isEqualTo("NoSchedule");
	}

	private JsonNode render(String runner, String placement) throws IOException {
		return YAML.readTree(this.values.render("gitlab-runner-" + runner + ".yaml", this.values.node(placement)));
	}

	/**
	 * The {@code key = value} lines of one TOML table ({@code [name]} or
	 * {@code [[name]]}), values as written: enough for the flat settings checked here.
	 */
	private static Map<String, String> toml(String config, String table) {
		Map<String, String> entries = new java.util.LinkedHashMap<>();
		boolean in = false;
		for (String raw : config.split("\n")) {
			String line = raw.strip();
			if (line.startsWith("[")) {
				in = line.equals("[" + table + "]") || line.equals("[[" + table + "]]");
				continue;
			}
			int eq = line.indexOf(" = ");
			if (in && eq > 0 && !line.startsWith("#")) {
				entries.put(line.substring(0, eq), line.substring(eq + 3));
			}
		}
		return entries;
	}

}
