package org.homelab.rollout.phases;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import org.homelab.rollout.support.TestLabs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * CI may start the phases only, and a building block refuses input it must not act on
 * with 400 naming the field, before any instance exists or the lab is asked anything
 * (issue 13).
 */
class BuildingBlockRestStartIntegrationTests extends Phase1Context {

	private static final String VALID = "{\"vmName\": {\"value\": \"prometheus\", \"type\": \"String\"},"
			+ " \"releaseName\": {\"value\": \"ok\", \"type\": \"String\"},"
			+ " \"releaseNamespace\": {\"value\": \"ok\", \"type\": \"String\"},"
			+ " \"chart\": {\"value\": \"ok\", \"type\": \"String\"},"
			+ " \"secretService\": {\"value\": \"ok\", \"type\": \"String\"},"
			+ " \"secretName\": {\"value\": \"ok\", \"type\": \"String\"},"
			+ " \"vmid\": {\"value\": 100, \"type\": \"Integer\"},"
			+ " \"proxmoxNode\": {\"value\": \"pve\", \"type\": \"String\"},"
			+ " \"script\": {\"value\": \"touch /tmp/ci-was-here\", \"type\": \"String\"}}";

	private final HttpClient http = HttpClient.newHttpClient();

	/** Whether the lab was reset and nothing has run in it since. */
	private static boolean labQuiet;

	/**
	 * A refused start touches nothing, and the test checks exactly that in the journal:
	 * once the lab is reset (what earlier classes left running, e.g. a Prometheus
	 * scraping Grafana, stopped), clearing the journal is enough (a whole reset before
	 * each of some fifty cases took 40 s of CI).
	 */
	@Override
	@BeforeEach
	void cleanLab() {
		if (!labQuiet) {
			super.cleanLab();
			labQuiet = true;
			return;
		}
		this.lab.journal().clear();
		this.phase1 = new Phase1(this.lab, this.engine);
		this.runs = this.phase1.runs();
	}

	static List<String> buildingBlocks() throws IOException {
		try (Stream<Path> models = Files.list(Path.of("processes"))) {
			List<String> keys = models.map(model -> model.getFileName().toString())
				.filter(name -> name.endsWith(".bpmn"))
				.map(name -> name.replace(".bpmn", ""))
				.filter(key -> !key.startsWith("phase-") && !key.equals("homelab-rollout"))
				.sorted()
				.toList();
			assertThat(keys).contains("run-script", "provision-vm", "vault-generate-secret");
			return keys;
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("buildingBlocks")
	void ciMayNotStartABuildingBlock(String key) throws Exception {
		String run = "ci-" + key;

		HttpResponse<String> response = start(key, run, VALID, "ci:ci");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
		assertThat(response.body()).contains("\"type\":\"AuthorizationException\"")
			.contains("CREATE_INSTANCE")
			.contains(key);
		assertNothingCreated(run);
	}

	@ParameterizedTest(name = "{0}: {1}")
	@CsvSource(delimiter = '|', quoteCharacter = '`',
			textBlock = """
					provision-vm           | vmName           | {"vmName": {"value": "gitlab-runner-2", "type": "String"}}            | vmName 'gitlab-runner-2' is not a planned VM
					provision-vm           | vmName           | {"rolloutRun": {"value": "r", "type": "String"}}                       | vmName is missing
					provision-vm           | vmName           | {"vmName": {"value": "vault;reboot", "type": "String"}}              | vmName 'vault;reboot' is not a planned VM
					destroy-vm             | vmName           | {"vmName": {"value": "frontend", "type": "String"}}                  | vmName 'frontend' is not a planned VM
					run-script             | vmName           | {"vmName": {"value": "frontend", "type": "String"}, "vmid": {"value": 100, "type": "Integer"}, "proxmoxNode": {"value": "pve", "type": "String"}, "script": {"value": "touch /tmp/x", "type": "String"}} | vmName 'frontend' is not a planned VM (the frontend server only from Grafana's and the front door's models)
					run-script             | vmName           | {"vmid": {"value": 100, "type": "Integer"}, "proxmoxNode": {"value": "pve", "type": "String"}, "script": {"value": "touch /tmp/x", "type": "String"}} | vmName is missing
					run-script             | proxmoxNode      | {"vmName": {"value": "vault", "type": "String"}, "vmid": {"value": 100, "type": "Integer"}, "proxmoxNode": {"value": "pve2", "type": "String"}, "script": {"value": "true", "type": "String"}} | proxmoxNode 'pve2' is not a Proxmox node
					vault-generate-secret  | secretService    | {"secretService": {"value": "../../sys/policies/acl/root", "type": "String"}, "secretName": {"value": "root", "type": "String"}} | secretService must be one Vault path segment
					vault-generate-secret  | secretName       | {"secretService": {"value": "gitlab-ce", "type": "String"}, "secretName": {"value": "..", "type": "String"}} | secretName must be one Vault path segment
					install-helm-release   | releaseName      | {"releaseName": {"value": "my release;", "type": "String"}, "chart": {"value": "argo-cd", "type": "String"}, "releaseNamespace": {"value": "argocd", "type": "String"}} | releaseName 'my release;' must be a DNS-1123 label
					install-helm-release   | releaseNamespace | {"releaseName": {"value": "argocd", "type": "String"}, "chart": {"value": "argo-cd", "type": "String"}, "releaseNamespace": {"value": "Kube_System", "type": "String"}} | releaseNamespace 'Kube_System' must be a DNS-1123 label
					uninstall-helm-release | releaseName      | {"releaseName": {"value": "a/b", "type": "String"}}                  | releaseName 'a/b' must be a DNS-1123 label
					expose-service         | frontdoorService | {"frontdoorService": {"value": "grafana;\\nserver {", "type": "String"}} | frontdoorService 'grafana;\\nserver {' is not a front door service
					expose-service         | frontdoorService | {"frontdoorService": {"value": "../../etc/passwd", "type": "String"}} | frontdoorService '../../etc/passwd' is not a front door service
					unexpose-service       | frontdoorService | {"rolloutRun": {"value": "r", "type": "String"}}                       | frontdoorService is missing
					""")
	void badInputIsRefusedWith400NamingTheField(String key, String field, String variables, String message)
			throws Exception {
		String run = "bad-" + Math.abs((key + variables).hashCode());

		HttpResponse<String> response = start(key, run, variables, "admin:admin");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(response.body()).contains("\"type\":\"InvalidRequestException\"")
			.contains("not started, nothing was created")
			.contains(field)
			.contains(message);
		assertNothingCreated(run);
	}

	@Test
	void ciMayStillStartPhase1() throws Exception {
		labQuiet = false;
		HttpResponse<String> response = start(Phase1.KEY, "ci-phase-1", "{}", "ci:ci");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		String id = response.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
		// its first steps may be committing right now: retry until no step holds it
		await().ignoreExceptions().until(() -> {
			this.runtime.deleteProcessInstance(id, "test over", true);
			return true;
		});
	}

	private void assertNothingCreated(String run) {
		assertThat(this.history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(run).count())
			.as("process instances of " + run)
			.isZero();
		TestLabs.assertUntouched(this.lab.journal());
	}

	private HttpResponse<String> start(String key, String businessKey, String variables, String user) throws Exception {
		String body = "{\"businessKey\": \"" + businessKey + "\", \"variables\": " + variables + "}";
		String basic = Base64.getEncoder().encodeToString(user.getBytes(StandardCharsets.UTF_8));
		return this.http.send(HttpRequest
			.newBuilder(URI
				.create("http://localhost:" + this.port + "/engine-rest/process-definition/key/" + key + "/start"))
			.header("Authorization", "Basic " + basic)
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString(body))
			.build(), BodyHandlers.ofString());
	}

}
