package org.homelab.rollout.phases;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.homelab.rollout.rehearsal.Contracts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A project cloned on its own, without {@code ../shared/contracts}: the lab serves every
 * kind all the same, Phase 1 runs to its gate and ends, and the lab says once what it
 * does not check.
 */
@TestPropertySource(properties = "rehearsal.contracts-dir=" + Phase1WithoutContractsIntegrationTests.EMPTY)
@ExtendWith(OutputCaptureExtension.class)
class Phase1WithoutContractsIntegrationTests extends Phase1Context {

	static final String EMPTY = "target/phase-1-without-contracts";

	static {
		// the lab starts with the context: the empty directory must be there before
		try {
			Files.createDirectories(Path.of(EMPTY));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Test
	void phase1ReachesItsGateAndEndsAndTheLabWarnsOnceWhatGoesUnchecked(CapturedOutput output) {
		assertThat(this.lab.kubernetes().schemaChecks()).isFalse();
		assertThat(this.lab.proxmox().schemaChecked()).isFalse();

		String phase = this.phase1.start("phase-1-without-contracts");
		this.phase1.decide(this.phase1.awaitGate(phase), "approve");

		assertThat(this.phase1.awaitEnd(phase)).isEqualTo("phase-1-done");
		assertThat(this.phase1.releases()).containsExactlyInAnyOrderElementsOf(Phase1.RELEASES);
		assertThat(this.lab.journal().entries()).isNotEmpty()
			.allSatisfy(entry -> assertThat(entry.verdict()).isEqualTo("unchecked"));
		String dir = new Contracts(Path.of(EMPTY)).dir().toString();
		assertThat(output.getAll().lines().filter(line -> line.contains("WARN") && line.contains(dir))).singleElement()
			.asString()
			.contains("No API contracts in " + dir)
			.contains("skips the schema checks of Proxmox VE requests, Vault requests, Argo CD requests, "
					+ "Proxmox Backup Server requests, custom resources (")
			.contains("helmcharts.helm.cattle.io");
	}

}
