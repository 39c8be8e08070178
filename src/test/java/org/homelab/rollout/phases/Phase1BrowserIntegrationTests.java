package org.homelab.rollout.phases;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import okhttp3.tls.Certificates;
import org.camunda.bpm.engine.task.Task;
import org.homelab.rollout.rehearsal.RehearsalLab;
import org.homelab.rollout.rehearsal.frontdoor.FrontdoorLab;
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
		opensGrafanaThroughTheFrontDoorAndLandsOnAutheliasPortal();
	}

	/**
	 * The finished phase's Grafana, opened by its name in Chromium: the front door sends
	 * a browser without a session to Authelia's portal, with Grafana's address to return
	 * to. Chromium reaches the lab's frontend by the resolver rule and accepts exactly
	 * the lab CA's and the front door's certificates (their public keys pinned).
	 */
	private void opensGrafanaThroughTheFrontDoorAndLandsOnAutheliasPortal() {
		List<String> switches = List.of("--host-resolver-rules=MAP *.rehearsal.lan 127.0.10.10",
				"--ignore-certificate-errors-spki-list=" + String.join(",", frontDoorKeys()));
		try (Browser browser = Browser.headless(switches).screenshotsTo(Path.of("target/browser-frontdoor"))) {
			browser.open("https://grafana.rehearsal.lan:" + FrontdoorLab.HTTPS_PORT + "/");
			assertThat(browser.currentUrl())
				.startsWith("https://auth.rehearsal.lan:" + FrontdoorLab.HTTPS_PORT + "/?rd=")
				.contains("rd=https%3A%2F%2Fgrafana.rehearsal.lan");
			// the portal's page itself, served through the front door over verified TLS
			assertThat(browser.driver().getTitle()).isEqualTo("Login - Authelia");
		}
	}

	/**
	 * SHA-256 of the public keys of the lab's front-door CA and the certificates served.
	 */
	private List<String> frontDoorKeys() {
		Map<String, byte[]> files = this.lab.proxmox().guestFiles(RehearsalLab.FRONTEND_VMID);
		List<String> pems = new ArrayList<>();
		try {
			pems.add(Files.readString(this.lab.frontdoor().caFile()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		for (String domain : List.of("grafana.rehearsal.lan", "auth.rehearsal.lan")) {
			pems.add(new String(files.get("/etc/letsencrypt/live/" + domain + "/cert.pem"), StandardCharsets.UTF_8));
		}
		return pems.stream().map(pem -> {
			try {
				byte[] key = Certificates.decodeCertificatePem(pem).getPublicKey().getEncoded();
				return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(key));
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		}).toList();
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
