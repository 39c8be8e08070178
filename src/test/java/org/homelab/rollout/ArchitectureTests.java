package org.homelab.rollout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.waiting.WaitCondition;
import org.junit.jupiter.api.Test;

import org.springframework.stereotype.Component;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_FIELD_INJECTION;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The boundaries of DEVELOPERS.md (docs/architecture.md draws them): clients of driven
 * systems know nothing of steps, waits, the engine or Camunda; no system's steps use
 * another's; no cycles between packages; nothing depends on the rehearsal lab, which
 * knows nothing of the engine; steps are components named Delegate or Wait; no product
 * code sleeps on a job-executor thread.
 */
class ArchitectureTests {

	private static final JavaClasses PRODUCT = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("org.homelab.rollout");

	/** The plain clients: each system's top package (its steps live in a subpackage). */
	private static final String[] CLIENTS = { "org.homelab.rollout.proxmox", "org.homelab.rollout.kubernetes",
			"org.homelab.rollout.vault", "org.homelab.rollout.eso", "org.homelab.rollout.monitoring",
			"org.homelab.rollout.inventory", "org.homelab.rollout.frontdoor", "org.homelab.rollout.sops",
			"org.homelab.rollout.matrix", "org.homelab.rollout.gitlab", "org.homelab.rollout.argocd",
			"org.homelab.rollout.backup", "org.homelab.rollout.plan" };

	@Test
	void clientsOfDrivenSystemsKnowNothingOfStepsWaitsTheEngineOrCamunda() {
		check(noClasses().that()
			.resideInAnyPackage(CLIENTS)
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.camunda..", "org.homelab.rollout..steps..", "org.homelab.rollout.engine..",
					"org.homelab.rollout.waiting..", "org.homelab.rollout.phases..")
			.allowEmptyShould(true));
	}

	@Test
	void noSystemsStepsUseAnotherSystemsSteps() {
		// steps compose clients; one system's steps reaching into another's would hide an
		// order the BPMN should hold
		check(slices().matching("org.homelab.rollout.(*).steps..").should().notDependOnEachOther());
	}

	@Test
	void noSourceImportsCrossTheseBoundariesEither() throws IOException {
		// javac inlines constants (e.g. a steps package's variable names), so the
		// bytecode rules above miss such
		// imports: read the sources' import lines too
		Pattern stepsPackage = Pattern.compile("^package org\\.homelab\\.rollout\\.(\\w+)\\.steps;", Pattern.MULTILINE);
		Pattern clientPackage = Pattern.compile("^package org\\.homelab\\.rollout\\.("
				+ String.join("|", Stream.of(CLIENTS).map(c -> c.substring(c.lastIndexOf('.') + 1)).toList()) + ");",
				Pattern.MULTILINE);
		Pattern stepsImport = Pattern.compile("^import (?:static )?org\\.homelab\\.rollout\\.(\\w+)\\.steps\\.",
				Pattern.MULTILINE);
		Pattern engineImport = Pattern.compile(
				"^import (?:static )?(org\\.camunda|org\\.homelab\\.rollout\\.(?:engine|waiting|phases|\\w+\\.steps))\\.",
				Pattern.MULTILINE);
		List<String> violations = new ArrayList<>();
		try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
			for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
				String source = Files.readString(file);
				Matcher steps = stepsPackage.matcher(source);
				if (steps.find()) {
					Matcher imported = stepsImport.matcher(source);
					while (imported.find()) {
						if (!imported.group(1).equals(steps.group(1))) {
							violations.add(file + " imports " + imported.group(1) + ".steps");
						}
					}
				}
				if (clientPackage.matcher(source).find()) {
					Matcher imported = engineImport.matcher(source);
					while (imported.find()) {
						violations.add(file + " (a client) imports " + imported.group(1));
					}
				}
			}
		}
		assertThat(violations).isEmpty();
	}

	@Test
	void stepsAreComponentsNamedDelegateOrWait() {
		check(classes().that()
			.implement(JavaDelegate.class)
			.or()
			.implement(WaitCondition.class)
			.should()
			.beAnnotatedWith(Component.class)
			.andShould()
			.notBeNestedClasses()
			.andShould()
			.haveSimpleNameEndingWith("Delegate")
			.orShould()
			.haveSimpleNameEndingWith("Wait"));
		check(classes().that().implement(WaitCondition.class).should().haveSimpleNameEndingWith("Wait"));
		check(classes().that().implement(JavaDelegate.class).should().haveSimpleNameEndingWith("Delegate"));
	}

	@Test
	void productPackagesHaveNoCycles() {
		// the lab's own packages are left out: it is a simulated homelab, not part of the
		// layering
		JavaClasses product = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.withImportOption(location -> !location.contains("/org/homelab/rollout/rehearsal/"))
			.importPackages("org.homelab.rollout");
		slices().matching("org.homelab.rollout.(**)").should().beFreeOfCycles().check(product);
	}

	@Test
	void theVaultAndKubernetesClientsKnowNothingOfEachOtherNorOfTheExternalSecretsWiring() {
		check(noClasses().that()
			.resideInAPackage("org.homelab.rollout.vault")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.homelab.rollout.kubernetes..", "org.homelab.rollout.eso.."));
		check(noClasses().that()
			.resideInAPackage("org.homelab.rollout.kubernetes")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.homelab.rollout.vault..", "org.homelab.rollout.eso.."));
	}

	@Test
	void nothingOutsideTheRehearsalLabDependsOnIt() {
		check(noClasses().that()
			.resideOutsideOfPackage("org.homelab.rollout.rehearsal..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("org.homelab.rollout.rehearsal.."));
	}

	@Test
	void theRehearsalLabKnowsNothingOfTheEngine() {
		check(noClasses().that()
			.resideInAPackage("org.homelab.rollout.rehearsal..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.camunda..", "org.homelab.rollout.engine.."));
	}

	@Test
	void productCodeNeverSleepsOutsideTheLab() {
		check(noClasses().that()
			.resideOutsideOfPackage("org.homelab.rollout.rehearsal..")
			.should()
			.callMethod(Thread.class, "sleep", long.class));
	}

	@Test
	void codingRules() {
		check(NO_CLASSES_SHOULD_USE_FIELD_INJECTION);
		check(NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS);
		check(NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS);
	}

	private static void check(ArchRule rule) {
		rule.check(PRODUCT);
	}

}
