package org.homelab.rollout.engine;

import java.io.ByteArrayOutputStream;
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

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Camunda Modeler's deploy button against this engine (docs/modeler.md): the request
 * Modeler 5 sends to {@code <endpoint>/deployment/create} (multipart:
 * {@code deployment-name}, {@code deployment-source=Camunda Modeler},
 * {@code enable-duplicate-filtering=true}, the diagram under its file name as
 * {@code text/xml}, no {@code tenant-id}) with HTTP Basic, after the connection check it
 * makes first. Only an admin deploys: a model runs expressions inside the engine. Shares
 * the context of the other REST tests of this package.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({ "rehearsal", "test" })
@AutoConfigureObservability(tracing = false)
class ModelerDeployIntegrationTests {

	/** A process of its own, so no other test of the shared context runs its versions. */
	private static final String KEY = "modeler-deployed";

	private static final String FILE = KEY + ".bpmn";

	@LocalServerPort
	int port;

	@Autowired
	RepositoryService repository;

	@Autowired
	IdentityService identity;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void adminDeploysAChangedModelAsModelerDoesAndGetsANewVersion() throws Exception {
		// Modeler's connection check before it deploys
		assertThat(send(get("/engine-rest/deployment?maxResults=0"), "admin:admin").statusCode()).isEqualTo(200);
		HttpResponse<String> first = send(deploy(model("Modeler deploy")), "admin:admin");
		assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
		int before = latest().getVersion();

		HttpResponse<String> changed = send(deploy(model("Modeler deploy, changed in Modeler")), "admin:admin");

		assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
		assertThat(changed.body()).contains("\"deployedProcessDefinitions\":{\"" + KEY + ":" + (before + 1));
		ProcessDefinition definition = latest();
		assertThat(definition.getVersion()).isEqualTo(before + 1);
		assertThat(definition.getName()).isEqualTo("Modeler deploy, changed in Modeler");
		assertThat(definition.getResourceName()).isEqualTo(FILE);
		assertThat(this.repository.createDeploymentQuery()
			.deploymentId(definition.getDeploymentId())
			.deploymentSource("Camunda Modeler")
			.deploymentName(KEY)
			.count()).isOne();

		// deployed again unchanged (a second click): duplicate filtering, no new version
		HttpResponse<String> again = send(deploy(model("Modeler deploy, changed in Modeler")), "admin:admin");
		assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
		assertThat(latest().getVersion()).isEqualTo(before + 1);
	}

	@Test
	void wrongPasswordIsRefusedWith401AndDeploysNothing() throws Exception {
		// a user of its own: Camunda delays a user's next login after a failed one, which
		// would upset the other tests' admin
		if (this.identity.createUserQuery().userId("modeler-mistyped").count() == 0) {
			User user = this.identity.newUser("modeler-mistyped");
			user.setPassword("right-password");
			this.identity.saveUser(user);
		}
		long deployments = this.repository.createDeploymentQuery().count();
		HttpResponse<String> response = send(deploy(model("Modeler deploy, mistyped")), "modeler-mistyped:wrong");
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(this.repository.createDeploymentQuery().count()).isEqualTo(deployments);
	}

	@Test
	void ciAndOperatorCannotDeploy() throws Exception {
		long deployments = this.repository.createDeploymentQuery().count();
		for (String credentials : new String[] { "ci:ci", "operator:operator" }) {
			HttpResponse<String> response = send(deploy(model("Modeler deploy by " + credentials)), credentials);
			assertThat(response.statusCode()).as(credentials + ": " + response.body()).isEqualTo(403);
			assertThat(response.body()).contains("AuthorizationException", "CREATE", "Deployment");
		}
		assertThat(this.repository.createDeploymentQuery().count()).isEqualTo(deployments);
	}

	private ProcessDefinition latest() {
		return this.repository.createProcessDefinitionQuery().processDefinitionKey(KEY).latestVersion().singleResult();
	}

	/** The test suite's smoke-test model, as a process of its own with this name. */
	private static String model(String name) throws Exception {
		return Files.readString(Path.of("src/test/resources/processes/smoke-test.bpmn"))
			.replace("id=\"smoke-test\" name=\"Smoke test: the engine deploys and runs a model to its end\"",
					"id=\"" + KEY + "\" name=\"" + name + "\"")
			.replace("bpmnElement=\"smoke-test\"", "bpmnElement=\"" + KEY + "\"");
	}

	/** The multipart body Modeler 5's CamundaAPI.deployDiagram sends. */
	private HttpRequest.Builder deploy(String model) {
		String boundary = "----ModelerFormBoundary" + Long.toHexString(System.nanoTime());
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		field(body, boundary, "deployment-name", KEY);
		field(body, boundary, "deployment-source", "Camunda Modeler");
		field(body, boundary, "enable-duplicate-filtering", "true");
		write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + FILE + "\"; filename=\"" + FILE
				+ "\"\r\nContent-Type: text/xml\r\n\r\n" + model + "\r\n--" + boundary + "--\r\n");
		return HttpRequest.newBuilder(uri("/engine-rest/deployment/create"))
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(BodyPublishers.ofByteArray(body.toByteArray()));
	}

	private static void field(ByteArrayOutputStream body, String boundary, String name, String value) {
		write(body,
				"--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n");
	}

	private static void write(ByteArrayOutputStream body, String text) {
		body.writeBytes(text.getBytes(StandardCharsets.UTF_8));
	}

	private HttpRequest.Builder get(String path) {
		return HttpRequest.newBuilder(uri(path));
	}

	private HttpResponse<String> send(HttpRequest.Builder request, String credentials) throws Exception {
		request.header("Authorization",
				"Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
		return this.http.send(request.build(), BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

}
