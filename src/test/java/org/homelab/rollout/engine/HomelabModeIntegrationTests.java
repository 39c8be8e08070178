package org.homelab.rollout.engine;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Outside rehearsal there are no demo users: the admin's password comes from the
 * environment, works, and is never written to the log; every REST answer says it comes
 * from a homelab-mode engine.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "rollout.admin-password=" + HomelabModeIntegrationTests.PASSWORD)
@ActiveProfiles("test")
@ExtendWith(OutputCaptureExtension.class)
class HomelabModeIntegrationTests {

	static final String PASSWORD = "Quartz-Zebra-9931-from-env";

	@LocalServerPort
	int port;

	@Autowired
	ProcessEngine engine;

	/**
	 * Start-up parses no model into the engine's model cache (with the BPMN model API and
	 * its XML schema, some 10 MB resident that nothing needs until Cockpit or Tasklist
	 * lists the processes; docs/startup.md).
	 */
	@Test
	void startUpLeavesTheModelCacheEmpty() {
		ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) this.engine
			.getProcessEngineConfiguration();
		assertThat(configuration.getDeploymentCache().getBpmnModelInstanceCache().isEmpty()).isTrue();
		assertThat(this.engine.getRepositoryService().createProcessDefinitionQuery().count()).isPositive();
	}

	@Test
	void adminLogsInWithThePasswordFromTheEnvironmentAndDemoUsersDoNotExist() throws Exception {
		HttpResponse<String> admin = get("admin:" + PASSWORD);
		assertThat(admin.statusCode()).isEqualTo(200);
		assertThat(admin.headers().firstValue(RehearsalMarks.HEADER)).hasValue("homelab");
		assertThat(get("operator:operator").statusCode()).isEqualTo(401);
		assertThat(get("ci:ci").statusCode()).isEqualTo(401);
	}

	@Test
	void passwordNeverReachesTheLog(CapturedOutput output) throws Exception {
		get("admin:" + PASSWORD);
		assertThat(output.getAll()).contains("Homelab mode").doesNotContain(PASSWORD);
	}

	private HttpResponse<String> get(String credentials) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/engine-rest/user"))
			.header("Authorization",
					"Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
			.build();
		return HttpClient.newHttpClient().send(request, BodyHandlers.ofString());
	}

}
