package org.homelab.rollout;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_FIELD_INJECTION;

/**
 * The boundaries of DEVELOPERS.md: clients of driven systems know nothing of Camunda, nothing depends on the
 * rehearsal lab, steps are delegates named as such, and no product code sleeps on a job-executor thread.
 */
class ArchitectureTests {

	private static final JavaClasses PRODUCT = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("org.homelab.rollout");

	private static final String[] CLIENTS = { "org.homelab.rollout.proxmox", "org.homelab.rollout.kubernetes",
			"org.homelab.rollout.vault", "org.homelab.rollout.eso", "org.homelab.rollout.monitoring",
			"org.homelab.rollout.inventory" };

	@Test
	void clientsOfDrivenSystemsImportNothingFromCamunda() {
		check(noClasses().that()
			.resideInAnyPackage(CLIENTS)
			.should()
			.dependOnClassesThat()
			.resideInAPackage("org.camunda..")
			.allowEmptyShould(true));
	}

	@Test
	void stepsNeverImportAnotherSystemsSteps() {
		check(slices().matching("org.homelab.rollout.(*).steps..").should().notDependOnEachOther());
	}

	@Test
	void productPackagesHaveNoCycles() {
		// the lab's own packages are left out: it is a simulated homelab, not part of the layering
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
	void delegatesAreNamedAsSuch() {
		check(classes().that()
			.implement(JavaDelegate.class)
			.should()
			.haveSimpleNameEndingWith("Delegate")
			.allowEmptyShould(true));
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
