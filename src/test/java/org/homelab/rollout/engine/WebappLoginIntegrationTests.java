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

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/** Cockpit, Tasklist and Admin show nothing without a login; the operator may use Cockpit but not Admin. */
// a context of its own, started last: the web apps' login failed (500) in a context shared with other classes
// after a further context had come and gone, which re-registering the engine did not mend
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.application.name=webapp-login")
@ActiveProfiles({ "rehearsal", "test" })
@AutoConfigureObservability(tracing = false)
class WebappLoginIntegrationTests {

	private static final String ENGINE_API = "/camunda/api/engine/engine/default/process-definition";

	@LocalServerPort
	int port;


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

	private HttpResponse<String> login(HttpClient browser, String app) throws Exception {
		// the web apps need their CSRF cookie and header first
		HttpResponse<String> page = browser.send(get("/camunda/app/" + app + "/"), BodyHandlers.ofString());
		String csrf = page.headers().firstValue("X-XSRF-TOKEN").orElse("");
		String form = "username=operator&password=" + URLEncoder.encode("operator", StandardCharsets.UTF_8);
		return browser.send(HttpRequest.newBuilder(uri("/camunda/api/admin/auth/user/default/login/" + app))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("X-XSRF-TOKEN", csrf)
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
