package org.homelab.rollout.engine;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may do what over {@code /engine-rest}: nobody anonymously, CI only starts, admin
 * everything.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({ "rehearsal", "test" })
// metrics export is off in Boot tests unless asked for; the product serves
// /actuator/prometheus
@AutoConfigureObservability(tracing = false)
class RestSecurityIntegrationTests {

	private static final String START = "/engine-rest/process-definition/key/smoke-test/start";

	@LocalServerPort
	int port;

	@Autowired
	TaskService tasks;

	@Autowired
	IdentityService identity;

	@Autowired
	private AuthorizationService authorizations;

	@Autowired
	private IdentityBootstrap bootstrap;

	private final HttpClient http = HttpClient.newHttpClient();

	private String operatorsTaskId;

	@BeforeEach
	void operatorHasATask() {
		Task task = this.tasks.newTask();
		task.setName("Approve Phase 1");
		task.setAssignee("operator");
		this.tasks.saveTask(task);
		this.operatorsTaskId = task.getId();
	}

	@AfterEach
	void removeTask() {
		this.tasks.deleteTask(this.operatorsTaskId, true);
	}

	@Test
	void anonymousRequestIsRefusedWith401() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/engine-rest/process-definition")), null);
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue(RehearsalMarks.HEADER)).hasValue("rehearsal");
	}

	@Test
	void healthAndPrometheusMetricsAreOpenForScraping() throws Exception {
		assertThat(send(HttpRequest.newBuilder(uri("/actuator/health")), null).body()).contains("\"UP\"");
		HttpResponse<String> metrics = send(HttpRequest.newBuilder(uri("/actuator/prometheus")), null);
		assertThat(metrics.statusCode()).isEqualTo(200);
		assertThat(metrics.body()).contains("jvm_memory_used_bytes");
	}

	@Test
	void wrongPasswordIsRefusedWith401() throws Exception {
		// a user of its own: Camunda locks a user out for a while after a failed login,
		// which would upset other tests
		if (this.identity.createUserQuery().userId("mistyped").count() == 0) {
			User user = this.identity.newUser("mistyped");
			user.setPassword("right-password");
			this.identity.saveUser(user);
		}
		assertThat(send(HttpRequest.newBuilder(uri("/engine-rest/process-definition")), "mistyped:wrong").statusCode())
			.isEqualTo(401);
	}

	@Test
	void ciMayStartPhasesAndTheRolloutOnly() throws Exception {
		HttpResponse<String> response = send(post(START, "{\"businessKey\": \"ci-smoke\"}"), "ci:ci");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
		assertThat(response.body()).contains("\"type\":\"AuthorizationException\"", "CREATE_INSTANCE", "smoke-test");
		for (String key : List.of("phase-1-foundation", "homelab-rollout")) {
			assertThat(this.authorizations.isUserAuthorized("ci", List.of(IdentityBootstrap.CI),
					Permissions.CREATE_INSTANCE, Resources.PROCESS_DEFINITION, key))
				.as(key)
				.isTrue();
		}
		assertThat(this.authorizations.isUserAuthorized("ci", List.of(IdentityBootstrap.CI),
				Permissions.CREATE_INSTANCE, Resources.PROCESS_DEFINITION, "run-script"))
			.isFalse();
	}

	@Test
	void ciFollowsTheRunsItMayStartButNotTheirTasks() {
		for (Permissions permission : List.of(Permissions.READ_INSTANCE, Permissions.READ_HISTORY)) {
			assertThat(ciMay(permission, "phase-1-foundation")).as(permission.getName()).isTrue();
			assertThat(ciMay(permission, "run-script")).as(permission.getName()).isFalse();
		}
		assertThat(ciMay(Permissions.READ_TASK, "phase-1-foundation")).isFalse();
	}

	/**
	 * A database of an older version, where CI's grant for a phase holds only
	 * CREATE_INSTANCE: the next start adds what following a run needs.
	 */
	@Test
	void ciGrantOfAnOlderVersionGainsTheReadingOfItsRuns() {
		Authorization grant = this.authorizations.createAuthorizationQuery()
			.groupIdIn(IdentityBootstrap.CI)
			.resourceType(Resources.PROCESS_DEFINITION)
			.resourceId("phase-1-foundation")
			.singleResult();
		grant.removePermission(Permissions.READ_INSTANCE);
		grant.removePermission(Permissions.READ_HISTORY);
		this.authorizations.saveAuthorization(grant);
		assertThat(ciMay(Permissions.READ_HISTORY, "phase-1-foundation")).isFalse();

		this.bootstrap.afterPropertiesSet();

		assertThat(ciMay(Permissions.READ_INSTANCE, "phase-1-foundation")).isTrue();
		assertThat(ciMay(Permissions.READ_HISTORY, "phase-1-foundation")).isTrue();
		assertThat(ciMay(Permissions.CREATE_INSTANCE, "phase-1-foundation")).isTrue();
		assertThat(this.authorizations.createAuthorizationQuery()
			.groupIdIn(IdentityBootstrap.CI)
			.resourceType(Resources.PROCESS_DEFINITION)
			.resourceId("phase-1-foundation")
			.count()).isOne();
	}

	private boolean ciMay(Permissions permission, String key) {
		return this.authorizations.isUserAuthorized("ci", List.of(IdentityBootstrap.CI), permission,
				Resources.PROCESS_DEFINITION, key);
	}

	@Test
	void adminCanStartAnyDefinition() throws Exception {
		HttpResponse<String> response = send(post(START, "{\"businessKey\": \"admin-smoke\"}"), "admin:admin");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.body()).contains("\"definitionId\":\"smoke-test");
	}

	@Test
	void ciCannotDeploy() throws Exception {
		assertThat(send(deployment(), "ci:ci").statusCode()).isEqualTo(403);
	}

	@Test
	void ciCannotReadAnotherUsersTask() throws Exception {
		HttpResponse<String> single = send(HttpRequest.newBuilder(uri("/engine-rest/task/" + this.operatorsTaskId)),
				"ci:ci");
		assertThat(single.statusCode()).isIn(403, 404);
		HttpResponse<String> list = send(HttpRequest.newBuilder(uri("/engine-rest/task")), "ci:ci");
		assertThat(list.statusCode()).isEqualTo(200);
		assertThat(list.body()).doesNotContain(this.operatorsTaskId);
	}

	@Test
	void adminCanDeployAndReadTasks() throws Exception {
		assertThat(send(deployment(), "admin:admin").statusCode()).isEqualTo(200);
		HttpResponse<String> task = send(HttpRequest.newBuilder(uri("/engine-rest/task/" + this.operatorsTaskId)),
				"admin:admin");
		assertThat(task.statusCode()).isEqualTo(200);
		assertThat(task.body()).contains("Approve Phase 1");
	}

	private HttpRequest.Builder post(String path, String json) {
		return HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString(json));
	}

	/**
	 * A multipart deployment of a one-line model, as Camunda Modeler's deploy button
	 * sends it.
	 */
	private HttpRequest.Builder deployment() {
		String boundary = "rollout-boundary";
		String model = "<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" targetNamespace=\"t\">"
				+ "<process id=\"rest-deployed\" isExecutable=\"true\" camunda:historyTimeToLive=\"P1D\""
				+ " xmlns:camunda=\"http://camunda.org/schema/1.0/bpmn\"><startEvent id=\"s\"/></process></definitions>";
		String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"deployment-name\"\r\n\r\nrest\r\n"
				+ "--" + boundary + "\r\nContent-Disposition: form-data; name=\"model\"; filename=\"m.bpmn\"\r\n"
				+ "Content-Type: application/xml\r\n\r\n" + model + "\r\n--" + boundary + "--\r\n";
		return HttpRequest.newBuilder(uri("/engine-rest/deployment/create"))
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(BodyPublishers.ofString(body));
	}

	private HttpResponse<String> send(HttpRequest.Builder request, String credentials) throws Exception {
		if (credentials != null) {
			request.header("Authorization",
					"Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
		}
		return this.http.send(request.build(), BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

}
