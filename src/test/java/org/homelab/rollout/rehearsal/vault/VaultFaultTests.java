package org.homelab.rollout.rehearsal.vault;

import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import okhttp3.OkHttpClient;
import org.homelab.rollout.rehearsal.Contracts;
import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.FaultInjector.Kind;
import org.homelab.rollout.rehearsal.FaultInjector.Rule;
import org.homelab.rollout.rehearsal.Latency;
import org.homelab.rollout.rehearsal.RequestJournal;
import org.homelab.rollout.support.Contract;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Faults fire as the injector decides, the same way under the same seed, and look like
 * Vault's failures.
 */
class VaultFaultTests {

	private static List<Integer> statuses(FaultInjector faults, int calls) {
		try (VaultLab lab = new VaultLab(faults, new RequestJournal())) {
			lab.start();
			VaultClient client = new VaultClient(lab.url());
			List<Integer> statuses = new ArrayList<>();
			for (int i = 0; i < calls; i++) {
				statuses.add(client.get("sys/seal-status", null).status());
			}
			return statuses;
		}
	}

	@Test
	void rateFaultsRepeatUnderTheSameSeed() {
		List<Rule> rules = List.of(Rule.rate("vault", "api", Kind.HTTP_500, 0.3));
		List<Integer> first = statuses(new FaultInjector(rules, 42), 40);
		List<Integer> second = statuses(new FaultInjector(rules, 42), 40);
		assertThat(first).isEqualTo(second).contains(500, 200);
	}

	@Test
	void nthFaultHitsExactlyThatCallOfTheArea() {
		FaultInjector faults = new FaultInjector(List.of(Rule.nth("vault", "sys", Kind.HTTP_503, 2)), 0);
		assertThat(statuses(faults, 4)).containsExactly(200, 503, 200, 200);
	}

	@Test
	void internalErrorHasVaultsErrorBodyAndIsJournalled() {
		Contract.VAULT.require("the journal verdict of a request answered by an injected fault is");
		RequestJournal journal = new RequestJournal();
		FaultInjector faults = new FaultInjector(List.of(Rule.nth("vault", "api", Kind.HTTP_500, 1)), 0);
		try (VaultLab lab = new VaultLab(faults, journal)) {
			lab.start();
			VaultClient.Answer answer = new VaultClient(lab.url()).get("sys/health", null);
			assertThat(answer.status()).isEqualTo(500);
			assertThat(answer.error()).isEqualTo("internal error");
			assertThat(journal.entries("vault")).singleElement().satisfies(e -> {
				assertThat(e.status()).isEqualTo(500);
				assertThat(e.verdict()).isEqualTo("ok");
			});
		}
	}

	@Test
	void timeoutHoldsTheAnswerBackUntilTheClientGivesUp() {
		FaultInjector faults = new FaultInjector(List.of(Rule.nth("vault", "sys", Kind.TIMEOUT, 1)), 0);
		try (VaultLab lab = new VaultLab(Contracts.locate(), faults, new RequestJournal(), Latency.scaled(0),
				Duration.ofSeconds(2), Clock.systemUTC())) {
			lab.start();
			OkHttpClient impatient = new OkHttpClient.Builder().readTimeout(Duration.ofMillis(300)).build();
			VaultClient client = new VaultClient(lab.url(), impatient);
			assertThatThrownBy(() -> client.get("sys/health", null)).hasCauseInstanceOf(SocketTimeoutException.class);
			assertThat(client.get("sys/health", null).status()).isEqualTo(501);
		}
	}

	@Test
	void closingTheLabDoesNotWaitForAHeldBackAnswer() {
		FaultInjector faults = new FaultInjector(List.of(Rule.nth("vault", "api", Kind.TIMEOUT, 1)), 0);
		VaultLab lab = new VaultLab(faults, new RequestJournal());
		lab.start();
		OkHttpClient impatient = new OkHttpClient.Builder().readTimeout(Duration.ofMillis(200)).build();
		assertThatThrownBy(() -> new VaultClient(lab.url(), impatient).get("sys/health", null))
			.hasCauseInstanceOf(SocketTimeoutException.class);
		long start = System.nanoTime();
		lab.close();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
	}

}
