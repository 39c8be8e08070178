package org.homelab.rollout.proxmox;

import java.net.URI;
import java.time.Duration;

import org.homelab.rollout.rehearsal.RequestJournal;
import org.homelab.rollout.rehearsal.proxmox.ProxmoxLab;
import org.homelab.rollout.rehearsal.proxmox.ProxmoxLabSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The version check at start-up: it tells in the log whether the inventory's Proxmox
 * answers, and never holds up or fails the start.
 */
@ExtendWith(OutputCaptureExtension.class)
class ProxmoxVersionCheckTests {

	@Test
	void aProxmoxThatAnswersIsNamedWithItsVersionThroughOneGet(CapturedOutput output) {
		RequestJournal journal = new RequestJournal();
		try (ProxmoxLab lab = new ProxmoxLab(ProxmoxLabSettings.defaults().withJournal(journal))) {
			lab.start();
			ProxmoxVersionCheck check = new ProxmoxVersionCheck(LabSites.client(lab), URI.create(lab.url()));
			check.start();

			assertThat(check.isRunning()).isTrue();
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(output).contains("Proxmox VE 9.1.1 answers at " + lab.url()));
			assertThat(journal.entries()).singleElement()
				.satisfies(e -> assertThat(e.method() + " " + e.path() + " " + e.status())
					.isEqualTo("GET /api2/json/version 200"));
			assertThat(journal.violations()).isEmpty();
		}
	}

	@Test
	void aProxmoxThatDoesNotAnswerIsAWarningNamingWhatToCheck(CapturedOutput output) {
		ProxmoxLab lab = new ProxmoxLab(ProxmoxLabSettings.defaults());
		lab.start();
		ProxmoxOperations client = LabSites.client(lab);
		String url = lab.url();
		// nothing listens there any more
		lab.close();
		ProxmoxVersionCheck check = new ProxmoxVersionCheck(client, URI.create(url));

		check.start();

		assertThat(check.isRunning()).isTrue();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(output).contains("Proxmox VE at " + url + " does not answer yet")
				.contains("check inventory.proxmox"));
	}

}
