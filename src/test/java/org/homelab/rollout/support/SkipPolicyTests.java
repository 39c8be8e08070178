package org.homelab.rollout.support;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.homelab.rollout.rehearsal.Contracts;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * The skip policy (docs/testing.md), proven by running small test classes through the
 * JUnit Platform in this JVM, with the configuration the build uses
 * (junit-platform.properties, so {@link SkipsFailInCi} is found as in the real run) and
 * {@code CI} simulated through {@link Skips#CI_PROPERTY}. The classes below are nested,
 * so Surefire never runs them itself.
 */
class SkipPolicyTests {

	@Test
	void underCiEverySkipIsAFailureThatSaysWhy(@TempDir Path dir) {
		Run run = run(true, dir, SkipsInTests.class, SkipsItsClass.class, Disables.class);

		assertThat(run.summary.getTestsAbortedCount() + run.summary.getContainersAbortedCount()).isZero();
		assertThat(run.summary.getTestsSucceededCount()).isEqualTo(1);
		assertThat(run.summary.getTestsFailedCount()).isEqualTo(2);
		assertThat(run.summary.getContainersFailedCount()).isEqualTo(1);
		assertThat(run.summary.getFailures()).extracting(failure -> failure.getException().getMessage())
			.containsExactlyInAnyOrder(
					"skipped under CI=true, where a skip is a failure: needs frobnicator (apt-get install frob)",
					"skipped under CI=true, where a skip is a failure: Assumption failed: a plain assumption",
					"skipped under CI=true, where a skip is a failure: needs the whole class's tool");
		// what no extension can turn into a failure still shows, and makes .ci/test fail
		assertThat(run.report.skipped()).containsExactly("skipped: SkipPolicyTests$Disables.disabled() — not today");
		assertThat(run.output).contains("FAIL this CI run");
	}

	@Test
	void elsewhereEverySkipIsListedAtTheEndWithItsReason(@TempDir Path dir) throws Exception {
		Run run = run(false, dir, SkipsInTests.class, SkipsItsClass.class, Disables.class);

		assertThat(run.summary.getTotalFailureCount()).isZero();
		assertThat(run.summary.getTestsAbortedCount()).isEqualTo(2);
		assertThat(run.summary.getContainersAbortedCount()).isEqualTo(1);
		assertThat(run.summary.getTestsSkippedCount()).isEqualTo(1);
		assertThat(run.report.skipped()).containsExactlyInAnyOrder(
				"skipped: SkipPolicyTests$SkipsInTests.missingTool() — needs frobnicator (apt-get install frob)",
				"skipped: SkipPolicyTests$SkipsInTests.plainAssumption() — Assumption failed: a plain assumption",
				"skipped: SkipPolicyTests$SkipsItsClass (the whole class) — needs the whole class's tool",
				"skipped: SkipPolicyTests$Disables.disabled() — not today");
		assertThat(run.output)
			.contains("4 test(s) or class(es) did not run (docs/testing.md):",
					"  skipped: SkipPolicyTests$SkipsInTests.missingTool() — needs frobnicator (apt-get install frob)")
			.doesNotContain("FAIL");
		assertThat(Files.readAllLines(dir.resolve("skipped.txt"))).hasSize(4);
	}

	@Test
	void aMissingContractSaysWhereItWasLookedForAndHowToPointAtIt(@TempDir Path dir) throws Exception {
		Contracts contracts = new Contracts(dir);
		assertThat(Contract.VAULT.missing(contracts, "Vault's answers are"))
			.isEqualTo("needs the published contracts at " + dir.toAbsolutePath().normalize()
					+ " (Vault's OpenAPI document: vault-openapi.json not there),"
					+ " so Vault's answers are NOT tested in this run; point at them with -Dcontracts.dir=<dir>"
					+ " (CI has them in ../shared/contracts)");
		Files.writeString(dir.resolve("vault-openapi.json"), "{}");
		assertThat(Contract.VAULT.missing(contracts, "Vault's answers are")).isNull();
	}

	/**
	 * Tests skip only through {@link Skips} (mostly {@link Tool}), so each skip says why
	 * and fails under CI.
	 */
	@Test
	void testsSkipOnlyThroughThePolicy() {
		var tests = new ClassFileImporter().withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
			.importPackages("org.homelab.rollout");
		noClasses()
			.that(describe("outside the skip policy",
					(JavaClass c) -> !c.getName().equals(Skips.class.getName())
							&& !c.getName().startsWith(SkipPolicyTests.class.getName())))
			.should()
			.dependOnClassesThat(describe("skip tests by themselves",
					(JavaClass c) -> c.getName().equals("org.junit.jupiter.api.Assumptions")
							|| c.getName().equals("org.assertj.core.api.Assumptions")
							|| c.getName().equals("org.junit.jupiter.api.Disabled")
							|| c.getPackageName().equals("org.junit.jupiter.api.condition")))
			.because("a skip must name what is missing and how to install it (Tool), and fail under CI=true")
			.check(tests);
	}

	private static Run run(boolean ci, Path dir, Class<?>... classes) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		SkipReport report = new SkipReport(new PrintStream(out, true, StandardCharsets.UTF_8),
				dir.resolve("skipped.txt"));
		SummaryGeneratingListener summary = new SummaryGeneratingListener();
		// only these listeners: the build's own SkipReport must not list these deliberate
		// skips
		Launcher launcher = LauncherFactory
			.create(LauncherConfig.builder().enableTestExecutionListenerAutoRegistration(false).build());
		String before = System.getProperty(Skips.CI_PROPERTY);
		System.setProperty(Skips.CI_PROPERTY, String.valueOf(ci));
		try {
			var request = LauncherDiscoveryRequestBuilder.request();
			for (Class<?> type : classes) {
				request.selectors(selectClass(type));
			}
			launcher.execute(request.build(), summary, report);
		}
		finally {
			if (before == null) {
				System.clearProperty(Skips.CI_PROPERTY);
			}
			else {
				System.setProperty(Skips.CI_PROPERTY, before);
			}
		}
		return new Run(summary.getSummary(), report, out.toString(StandardCharsets.UTF_8));
	}

	private record Run(TestExecutionSummary summary, SkipReport report, String output) {
	}

	static class SkipsInTests {

		@Test
		void missingTool() {
			Skips.skip("needs frobnicator (apt-get install frob)");
		}

		@Test
		void plainAssumption() {
			Assumptions.assumeTrue(false, "a plain assumption");
		}

		@Test
		void runs() {
		}

	}

	static class SkipsItsClass {

		@BeforeAll
		static void tool() {
			Assumptions.abort("needs the whole class's tool");
		}

		@Test
		void neverRuns() {
		}

	}

	static class Disables {

		@Test
		@Disabled("not today")
		void disabled() {
		}

	}

}
