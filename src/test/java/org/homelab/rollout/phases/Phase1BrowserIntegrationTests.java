package org.homelab.rollout.phases;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.task.Task;
import org.homelab.rollout.support.Browser;
import org.homelab.rollout.support.Tool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's view in a real headless Chromium: logs into Tasklist, opens "Approve
 * Phase 1", sees the four success criteria in the form, approves; then logs into Cockpit
 * and finds the finished instance.
 */
// a context of its own, like WebappLoginIntegrationTests: the web apps' login is
// unreliable in a shared one
@TestPropertySource(properties = "spring.application.name=phase-1-browser")
class Phase1BrowserIntegrationTests extends Phase1Context {

	@BeforeAll
	static void browserInstalled() {
		Tool.CHROMIUM.require("the Phase 1 gate in Tasklist and Cockpit is");
	}

	@Test
	void operatorApprovesTheGateInTasklistAndFindsTheFinishedPhaseInCockpit() {
		String phase = this.phase1.start("phase-1-browser");
		Task gate = this.phase1.awaitGate(phase);

		try (Browser browser = Browser.headless().screenshotsTo(Path.of("target/browser"))) {
			logIn(browser, "tasklist");
			browser.click(By.xpath("//*[contains(@class,'task')]//*[normalize-space(text())='Approve Phase 1']"));
			browser.click(By.cssSelector("button.claim"));
			browser.awaitText("Prometheus collecting metrics from all nodes");
			assertThat(browser.text()).contains("Grafana dashboards operational", "Vault accessible and configured",
					"Alerting rules configured and tested", "Integration matrix checked as a whole",
					"each \u2705 cell and its state");
			List<WebElement> met = browser.driver().findElements(By.cssSelector(".fjs-form-field-checkbox input"));
			assertThat(met).hasSize(5).allMatch(WebElement::isSelected);
			List<WebElement> results = browser.driver()
				.findElements(By.cssSelector(".fjs-form-field-textarea textarea"));
			// the gate shows what the criteria checks found, e.g. "health 200, KV
			// homelab/, …" for Vault
			Map<String, Object> found = this.tasks.getVariables(gate.getId());
			assertThat(results).extracting(r -> r.getDomProperty("value"))
				.containsExactly((String) found.get("prometheusCollectingResult"),
						(String) found.get("grafanaOperationalResult"), (String) found.get("vaultConfiguredResult"),
						(String) found.get("alertingTestedResult"), (String) found.get("integrationMatrixResult"),
						(String) found.get("integrationMatrixCells"))
				.allSatisfy(result -> assertThat(result).isNotBlank());
			browser.click(By.xpath("//label[normalize-space(.)='Approve Phase 1']/preceding-sibling::input"
					+ " | //label[normalize-space(.)='Approve Phase 1']//input"
					+ " | //input[@type='radio'][following-sibling::*[normalize-space(.)='Approve Phase 1']]"));
			browser.click(By.xpath("//button[normalize-space(.)='Complete']"));

			assertThat(this.phase1.awaitEnd(phase)).isEqualTo("phase-1-done");
			assertThat(this.history.createHistoricTaskInstanceQuery().taskId(gate.getId()).singleResult().getAssignee())
				.isEqualTo("operator");

			// Cockpit (community edition) lists running instances only; its history API
			// shows finished ones
			logIn(browser, "cockpit");
			browser.open(url("/camunda/app/cockpit/default/#/processes"));
			browser.awaitText("Phase 1: Foundation & Monitoring");
			browser.open(url("/camunda/api/engine/engine/default/history/process-instance/" + phase));
			browser.awaitText("\"state\":\"COMPLETED\"");
			assertThat(browser.text()).contains("\"businessKey\":\"phase-1-browser\"");
		}
	}

	/**
	 * Logs in on the app's login page; a second app of the same session shows none (one
	 * login for all apps).
	 */
	private void logIn(Browser browser, String app) {
		browser.open(url("/camunda/app/" + app + "/default/"));
		if (browser.shows(By.cssSelector("input[ng-model='username']"), Duration.ofSeconds(5))) {
			browser.type(By.cssSelector("input[ng-model='username']"), "operator");
			browser.type(By.cssSelector("input[type='password']"), "operator");
			browser.click(By.cssSelector("button[type='submit']"));
		}
		browser.awaitTextReloadingOnce("operator");
	}

	private String url(String path) {
		return "http://localhost:" + this.port + path;
	}

}
