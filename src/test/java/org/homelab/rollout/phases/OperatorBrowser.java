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
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's view in a real headless Chromium, against a test's engine and lab:
 * Tasklist's gates of Phase 1 and 2 (each success criterion and what its check found,
 * then the decision), Cockpit's view of a finished phase, and Grafana through the front
 * door. The tests that use it have a context of their own: the web apps' login is
 * unreliable in a shared one.
 */
final class OperatorBrowser {

	private final Phase1Context test;

	OperatorBrowser(Phase1Context test) {
		this.test = test;
	}

	/**
	 * Logs into Tasklist, opens "Approve Phase 1", sees the five criteria in the form
	 * with what their checks found, approves; then logs into Cockpit and finds the
	 * finished instance.
	 */
	void approvePhase1AndFindItInCockpit(String phase, String businessKey) {
		Task gate = this.test.phase1.awaitGate(phase);

		try (Browser browser = Browser.headless().screenshotsTo(Path.of("target/browser-phase-1"))) {
			claimInTasklist(browser, "Approve Phase 1");
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
			Map<String, Object> found = this.test.tasks.getVariables(gate.getId());
			assertThat(results).extracting(r -> r.getDomProperty("value"))
				.containsExactly((String) found.get("prometheusCollectingResult"),
						(String) found.get("grafanaOperationalResult"), (String) found.get("vaultConfiguredResult"),
						(String) found.get("alertingTestedResult"), (String) found.get("integrationMatrixResult"),
						(String) found.get("integrationMatrixCells"))
				.allSatisfy(result -> assertThat(result).isNotBlank());
			completeWith(browser, "Approve Phase 1");

			assertThat(this.test.phase1.awaitEnd(phase)).isEqualTo("phase-1-done");
			assertThat(this.test.history.createHistoricTaskInstanceQuery()
				.taskId(gate.getId())
				.singleResult()
				.getAssignee()).isEqualTo("operator");

			// Cockpit (community edition) lists running instances only; its history API
			// shows finished ones
			logIn(browser, "cockpit");
			browser.open(url("/camunda/app/cockpit/default/#/processes"));
			browser.awaitText("Phase 1: Foundation & Monitoring");
			browser.open(url("/camunda/api/engine/engine/default/history/process-instance/" + phase));
			browser.awaitText("\"state\":\"COMPLETED\"");
			assertThat(browser.text()).contains("\"businessKey\":\"" + businessKey + "\"");
		}
	}

	/**
	 * The operator logs into Tasklist, opens "Approve Phase 2", sees each criterion met
	 * with what was found, and approves.
	 */
	void approvePhase2(Map<String, Object> shown) {
		approve(2, Phase2CicdIntegrationTests.CRITERIA, shown, "GitLab CE accessible and functional",
				"GitLab Runner executing jobs", "Container registry operational", "CI/CD pipelines running",
				"Integration matrix checked as a whole");
	}

	/**
	 * The same for "Approve Phase 3": each criterion's box as the checks found it, with
	 * what they found.
	 */
	void approvePhase3(Map<String, Object> shown) {
		List<String> criteria = new ArrayList<>(Phase3GitopsIntegrationTests.CRITERIA);
		criteria.add("integrationMatrix");
		approve(3, criteria, shown, "Argo CD managing applications", "GitOps workflows operational",
				"Ansible playbooks functional", "Infrastructure automation working",
				"Integration matrix checked as a whole");
	}

	/**
	 * The same for "Approve Phase 4", whose form also links the runbook in GitLab.
	 */
	void approvePhase4(Map<String, Object> shown) {
		List<String> criteria = new ArrayList<>(Phase4BackupIntegrationTests.CRITERIA);
		criteria.add("integrationMatrix");
		approve(4, criteria, shown, "Proxmox Backup operational", "Backup schedules configured",
				"Restore procedures tested", "Disaster recovery plan documented",
				"Integration matrix checked as a whole", "Disaster-recovery runbook (in GitLab)");
	}

	private void approve(int phase, List<String> criteria, Map<String, Object> shown, String... labels) {
		try (Browser browser = Browser.headless().screenshotsTo(Path.of("target/browser-phase-" + phase))) {
			claimInTasklist(browser, "Approve Phase " + phase);
			browser.awaitText(labels[0]);
			assertThat(browser.text()).contains(labels);
			List<WebElement> met = browser.driver().findElements(By.cssSelector(".fjs-form-field-checkbox input"));
			assertThat(met).extracting(WebElement::isSelected)
				.containsExactlyElementsOf(
						criteria.stream().map(c -> Boolean.TRUE.equals(shown.get(c + "Met"))).toList());
			List<WebElement> results = browser.driver()
				.findElements(By.cssSelector(".fjs-form-field-textarea textarea"));
			assertThat(results).extracting(r -> r.getDomProperty("value"))
				.startsWith(criteria.stream().map(c -> (String) shown.get(c + "Result")).toArray(String[]::new));
			completeWith(browser, "Approve Phase " + phase);
		}
	}

	/**
	 * The finished phase's Grafana, opened by its name in Chromium: the front door sends
	 * a browser without a session to Authelia's portal, with Grafana's address to return
	 * to. Chromium reaches the lab's frontend by the resolver rule and accepts exactly
	 * the lab CA's and the front door's certificates (their public keys pinned).
	 */
	void opensGrafanaThroughTheFrontDoorAndLandsOnAutheliasPortal() {
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
		Map<String, byte[]> files = this.test.lab.proxmox().guestFiles(RehearsalLab.FRONTEND_VMID);
		List<String> pems = new ArrayList<>();
		try {
			pems.add(Files.readString(this.test.lab.frontdoor().caFile()));
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

	/** Logs into Tasklist, opens the task of that name and claims it. */
	private void claimInTasklist(Browser browser, String task) {
		logIn(browser, "tasklist");
		browser.click(By.xpath("//*[contains(@class,'task')]//*[normalize-space(text())='" + task + "']"));
		browser.click(By.cssSelector("button.claim"));
	}

	/** Chooses the radio option of that label and completes the task. */
	private static void completeWith(Browser browser, String option) {
		browser.click(By.xpath("//label[normalize-space(.)='" + option + "']/preceding-sibling::input"
				+ " | //label[normalize-space(.)='" + option + "']//input"
				+ " | //input[@type='radio'][following-sibling::*[normalize-space(.)='" + option + "']]"));
		browser.click(By.xpath("//button[normalize-space(.)='Complete']"));
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
		return "http://localhost:" + this.test.port + path;
	}

}
