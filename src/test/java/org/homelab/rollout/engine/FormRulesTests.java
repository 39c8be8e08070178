package org.homelab.rollout.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules each of the project's forms (forms/*.form) gives its submissions, read from
 * the form alone.
 */
class FormRulesTests {

	private static final Function<String, Object> NOTHING_YET = name -> null;

	@Test
	void gateRequiresADecisionOfItsTwoChoices() throws IOException {
		FormRules gate = form("phase-1-gate");
		assertThat(gate.problems(Map.of(), NOTHING_YET))
			.containsExactly("phase1Decision is required: one of [approve, reject]");
		assertThat(gate.problems(Map.of("phase1Decision", "maybe"), NOTHING_YET))
			.containsExactly("phase1Decision must be one of [approve, reject], was 'maybe'");
		assertThat(gate.problems(Map.of("phase1Decision", true), NOTHING_YET))
			.containsExactly("phase1Decision must be a String: one of [approve, reject], was a Boolean");
		assertThat(gate.problems(Map.of("phase1Decision", "approve"), NOTHING_YET)).isEmpty();
		assertThat(gate.problems(Map.of("phase1Decision", Variables.stringValue("reject")), NOTHING_YET)).isEmpty();
	}

	@Test
	void gateShowsTheCriteriaReadOnly() throws IOException {
		FormRules gate = form("phase-1-gate");
		Function<String, Object> checked = Map.<String, Object>of("prometheusCollectingMet", false)::get;
		// Tasklist may send a shown value back as it was, but no one may change a
		// criterion's result
		assertThat(gate.problems(Map.of("phase1Decision", "approve", "prometheusCollectingMet", false), checked))
			.isEmpty();
		assertThat(gate.problems(Map.of("phase1Decision", "approve", "prometheusCollectingMet", true), checked))
			.containsExactly("prometheusCollectingMet is read-only on this form");
	}

	@Test
	void variablesTheFormDoesNotTakeAreRefusedByNameOnly() throws IOException {
		assertThat(form("phase-1-gate").problems(Map.of("phase1Decision", "approve", "vaultToken", "s.secret"),
				NOTHING_YET))
			.containsExactly("unknown variable 'vaultToken' (the form takes [phase1Decision])");
	}

	@Test
	void startFormRequiresATimeoutOfItsChoicesAndDefaultsIt() throws IOException {
		FormRules start = form("phase-1-start");
		assertThat(start.problems(Map.of(), NOTHING_YET))
			.containsExactly("releaseReadyTimeout is required: one of [PT5M, PT15M, PT30M]");
		assertThat(start.withDefaults(Map.of(), NOTHING_YET))
			.containsExactly(Map.entry("releaseReadyTimeout", "PT15M"));
		assertThat(start.problems(Map.of("releaseReadyTimeout", "PT1H"), NOTHING_YET))
			.containsExactly("releaseReadyTimeout must be one of [PT5M, PT15M, PT30M], was 'PT1H'");
		assertThat(start.problems(Map.of("releaseReadyTimeout", "PT5M", "rolloutRun", "phase 1; rm -rf"), NOTHING_YET))
			.containsExactly("rolloutRun must match ^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$");
		assertThat(start.problems(Map.of("releaseReadyTimeout", "PT5M", "rolloutRun", "x".repeat(64)), NOTHING_YET))
			.contains("rolloutRun must have at most 63 characters");
		assertThat(start.problems(Map.of("releaseReadyTimeout", "PT30M", "rolloutRun", "ci-1"), NOTHING_YET)).isEmpty();
	}

	@Test
	void vaultFormsRequireTheirBoxTicked() throws IOException {
		for (String[] formAndKey : List.of(new String[] { "vault-unseal", "vaultUnsealedByOperator" },
				new String[] { "vault-move-shares", "vaultSharesMovedOffline" })) {
			FormRules form = form(formAndKey[0]);
			String key = formAndKey[1];
			assertThat(form.problems(Map.of(), NOTHING_YET))
				.containsExactly(key + " is required (the box ticked: true)");
			assertThat(form.problems(Map.of(key, false), NOTHING_YET))
				.containsExactly(key + " is required (the box ticked: true)");
			assertThat(form.problems(Map.of(key, "yes"), NOTHING_YET))
				.containsExactly(key + " must be a Boolean, was a String");
			assertThat(form.problems(Map.of(key, true), NOTHING_YET)).isEmpty();
		}
	}

	@Test
	void generateRootFormTakesOnlyTheEncodedTokenAndShowsTheAttempt() throws IOException {
		FormRules form = form("vault-generate-root");
		Map<String, Object> process = new HashMap<>(Map.of("vaultRootGenerationNonce",
				"2dbd10f1-8528-6246-09e7-82b25b8aba63", "vaultRootGenerationRequired", 3));
		String token = "Gg8fTjI2ER0pAzQUPzsZOxoUKi4aQxsS";

		// without the token it only asks the engine how many shares are missing
		assertThat(form.problems(Map.of(), process::get)).isEmpty();
		assertThat(form.problems(Map.of("vaultEncodedRootToken", "not base64; rm -rf"), process::get))
			.containsExactly("vaultEncodedRootToken must match ^[A-Za-z0-9+/]{16,}={0,2}$");
		assertThat(form.problems(Map.of("vaultEncodedRootToken", 42), process::get))
			.containsExactly("vaultEncodedRootToken must be a String, was a Integer");
		assertThat(
				form.problems(Map.of("vaultEncodedRootToken", token, "vaultRootGenerationNonce", "mine"), process::get))
			.containsExactly("vaultRootGenerationNonce is read-only on this form");
		assertThat(form.problems(Map.of("vaultEncodedRootToken", token, "vaultUnsealKey", "share"), process::get))
			.containsExactly("unknown variable 'vaultUnsealKey' (the form takes [vaultEncodedRootToken])");
		assertThat(form.problems(Map.of("vaultEncodedRootToken", token), process::get)).isEmpty();
	}

	@Test
	void aRequiredValueTheProcessHoldsAlreadyNeedNotBeSentAgain() throws IOException {
		// the second "move the shares" after the file was still there: Tasklist shows the
		// box ticked and sends it
		FormRules move = form("vault-move-shares");
		Map<String, Object> process = new HashMap<>(Map.of("vaultSharesMovedOffline", true));
		assertThat(move.problems(Map.of(), process::get)).isEmpty();
	}

	@Test
	void aBlockedPlanTakesOnlyARejectAndAnOpenOneADecision() throws IOException {
		FormRules review = form("plan-review");
		Function<String, Object> blocked = Map.<String, Object>of("planBlocked", true)::get;
		Function<String, Object> open = Map.<String, Object>of("planBlocked", false)::get;
		assertThat(review.problems(Map.of("planDecision", "approve"), blocked)).containsExactly(
				"planDecision cannot be given: the form hides it while planBlocked",
				"planBlockedDecision is required: one of [reject]");
		assertThat(review.problems(Map.of("planBlockedDecision", "reject"), blocked)).isEmpty();
		assertThat(review.problems(Map.of(), open))
			.containsExactly("planDecision is required: one of [approve, reject]");
		assertThat(review.problems(Map.of("planBlockedDecision", "reject"), open)).containsExactly(
				"planDecision is required: one of [approve, reject]",
				"planBlockedDecision cannot be given: the form hides it while not planBlocked");
		assertThat(review.problems(Map.of("planDecision", "approve"), open)).isEmpty();
		// what the preview computed is shown, never set by the reviewer
		assertThat(review.problems(Map.of("planDecision", "approve", "planBlocked", false), blocked))
			.contains("planBlocked is read-only on this form");
	}

	private static FormRules form(String id) throws IOException {
		return FormRules.read(Files.newInputStream(Path.of("forms", id + ".form")));
	}

}
