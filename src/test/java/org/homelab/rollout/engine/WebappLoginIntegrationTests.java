package org.homelab.rollout.engine;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cockpit, Tasklist and Admin show nothing without a login; the operator may use Cockpit
 * but not Admin; Tasklist's Complete button is held to the task's form, and its body to
 * the same input check, like REST is.
 */
// a context of its own, started last: the web apps' login failed (500) in a context
// shared with other classes
// after a further context had come and gone, which re-registering the engine did not mend
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "spring.application.name=webapp-login")
@ActiveProfiles({ "rehearsal", "test" })
@AutoConfigureObservability(tracing = false)
class WebappLoginIntegrationTests {

	private static final String ENGINE_API = "/camunda/api/engine/engine/default/process-definition";

	private static final String TASK_API = "/camunda/api/engine/engine/default/task/";

	@LocalServerPort
	int port;

	@Autowired
	RuntimeService runtime;

	@Autowired
	TaskService tasks;

	@Autowired
	HistoryService history;

	/** The web apps' CSRF token of the last login's session. */
	private String csrf;

	@Test
	void webappApiRefusesAnonymousUse() throws Exception {
		HttpClient anonymous = HttpClient.newHttpClient();
		assertThat(anonymous.send(get(ENGINE_API), BodyHandlers.ofString()).statusCode()).isEqualTo(401);
	}

	@Test
	void operatorLogsIntoCockpitButNotIntoAdmin() throws Exception {
		HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
		assertThat(login(browser, "cockpit").statusCode()).isEqualTo(200);
		assertThat(browser.send(get(ENGINE_API), BodyHandlers.ofString()).statusCode()).isEqualTo(200);
		// Camunda answers a login to an application the user may not access with 403
		assertThat(login(HttpClient.newBuilder().cookieHandler(new CookieManager()).build(), "admin").statusCode())
			.isEqualTo(403);
	}

	@Test
	void tasklistSubmitOutsideTheGateFormIsRefusedWith400AndTheGateStaysOpen() throws Exception {
		String phase = this.runtime.createProcessInstanceByKey("phase-1-foundation")
			.businessKey("tasklist-gate")
			.startBeforeActivity("approve-phase-1")
			.execute()
			.getId();
		Task gate = this.tasks.createTaskQuery().processInstanceId(phase).singleResult();
		HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
		assertThat(login(browser, "tasklist").statusCode()).isEqualTo(200);
		// a session the login renewed gets a new token with its next page
		browser.send(get("/camunda/app/tasklist/"), BodyHandlers.ofString())
			.headers()
			.firstValue("X-XSRF-TOKEN")
			.ifPresent(token -> this.csrf = token);

		HttpResponse<String> anonymous = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(uri(TASK_API + gate.getId() + "/submit-form"))
				.header("Content-Type", "application/json")
				.POST(BodyPublishers.ofString("{"))
				.build(), BodyHandlers.ofString());
		HttpResponse<String> twice = submit(browser, gate, "{\"phase1Decision\": {\"value\": \"reject\", \"type\":"
				+ " \"String\"}, \"phase1Decision\": {\"value\": \"approve\", \"type\": \"String\"}}");
		HttpResponse<String> missing = submit(browser, gate, "{}");
		HttpResponse<String> maybe = submit(browser, gate,
				"{\"phase1Decision\": {\"value\": \"maybe\", \"type\": \"String\"}}");

		// refused by the web apps' login before anything reads the body
		assertThat(anonymous.statusCode()).as(anonymous.body()).isEqualTo(401);
		// Jackson alone would take the last value and approve
		assertThat(twice.statusCode()).as(twice.body()).isEqualTo(400);
		assertThat(twice.body()).contains("Not completed, the task stays open: 'phase1Decision' is given twice");
		assertThat(missing.statusCode()).as(missing.body()).isEqualTo(400);
		assertThat(missing.body()).contains("phase1Decision is required: one of [approve, reject]");
		assertThat(maybe.statusCode()).as(maybe.body()).isEqualTo(400);
		assertThat(maybe.body()).contains("phase1Decision must be one of [approve, reject], was 'maybe'");
		assertThat(this.tasks.createTaskQuery().taskId(gate.getId()).count()).as("gate still open").isOne();
		// as Tasklist sends it: every field of the form, an empty one as null
		HttpResponse<String> approve = submit(browser, gate,
				"{\"phase1Decision\": {\"value\": \"approve\", \"type\": \"String\"}, \"integrationMatrixCells\":"
						+ " {\"value\": null}}");
		assertThat(approve.statusCode()).as(approve.body()).isEqualTo(204);
		assertThat(this.history.createHistoricProcessInstanceQuery().processInstanceId(phase).finished().count())
			.isOne();
	}

	@Test
	void aTasklistStartWithTheRunNameLeftEmptyIsToldTheRunHasNoName() throws Exception {
		HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
		assertThat(login(browser, "tasklist").statusCode()).isEqualTo(200);
		browser.send(get("/camunda/app/tasklist/"), BodyHandlers.ofString())
			.headers()
			.firstValue("X-XSRF-TOKEN")
			.ifPresent(token -> this.csrf = token);
		long instances = this.history.createHistoricProcessInstanceQuery().count();

		// Tasklist starts a Camunda Form without a business key, and sends the empty
		// field as ""
		HttpResponse<String> start = browser
			.send(HttpRequest.newBuilder(uri(ENGINE_API + "/key/phase-1-foundation/submit-form"))
				.header("Content-Type", "application/json")
				.header("X-XSRF-TOKEN", this.csrf)
				.POST(BodyPublishers.ofString("{\"variables\": {\"rolloutRun\": {\"value\": \"\"},"
						+ " \"releaseReadyTimeout\": {\"value\": \"PT15M\"}}}"))
				.build(), BodyHandlers.ofString());

		assertThat(start.statusCode()).as(start.body()).isEqualTo(400);
		assertThat(start.body()).contains("the run has no name: give a businessKey or the variable rolloutRun")
			.doesNotContain("blank");
		assertThat(this.history.createHistoricProcessInstanceQuery().count()).isEqualTo(instances);
	}

	/**
	 * What Tasklist's Complete button sends, with the session's CSRF token (see login).
	 */
	private HttpResponse<String> submit(HttpClient browser, Task task, String variables) throws Exception {
		return browser.send(HttpRequest.newBuilder(uri(TASK_API + task.getId() + "/submit-form"))
			.header("Content-Type", "application/json")
			.header("X-XSRF-TOKEN", this.csrf)
			.POST(BodyPublishers.ofString("{\"variables\": " + variables + "}"))
			.build(), BodyHandlers.ofString());
	}

	private HttpResponse<String> login(HttpClient browser, String app) throws Exception {
		// the web apps need their CSRF cookie and header first
		HttpResponse<String> page = browser.send(get("/camunda/app/" + app + "/"), BodyHandlers.ofString());
		this.csrf = page.headers().firstValue("X-XSRF-TOKEN").orElse("");
		String form = "username=operator&password=" + URLEncoder.encode("operator", StandardCharsets.UTF_8);
		return browser.send(HttpRequest.newBuilder(uri("/camunda/api/admin/auth/user/default/login/" + app))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("X-XSRF-TOKEN", this.csrf)
			.POST(BodyPublishers.ofString(form))
			.build(), BodyHandlers.ofString());
	}

	private HttpRequest get(String path) {
		return HttpRequest.newBuilder(uri(path)).header("Accept", "application/json").build();
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

}
