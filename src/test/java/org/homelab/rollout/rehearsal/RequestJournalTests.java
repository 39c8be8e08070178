package org.homelab.rollout.rehearsal;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The journal's holds (the crash tests' kill points at requests): the first request
 * matching an armed hold, after its {@code after} request if it names one, has its answer
 * held back; every other request is answered at once.
 */
class RequestJournalTests {

	private final RequestJournal journal = new RequestJournal();

	@Test
	void withoutHoldsNothingWaits() {
		assertThat(this.journal.record("vault", "PUT", "/v1/sys/unseal", 200, "ok")).isZero();
		assertThat(this.journal.held()).isEmpty();
	}

	@Test
	void aHoldCatchesTheFirstMatchingRequestOnly() {
		this.journal.arm(List.of(new RequestJournal.Hold("UNSEAL",
				Pattern.compile("vault\\t(PUT|POST)\\t/v1/sys/unseal\\t200\\t.*"), null)));

		assertThat(this.journal.record("vault", "GET", "/v1/sys/seal-status", 200, "ok")).isZero();
		assertThat(this.journal.record("vault", "PUT", "/v1/sys/unseal", 400, "ok")).as("another status").isZero();
		assertThat(this.journal.record("vault", "PUT", "/v1/sys/unseal", 200, "ok")).isEqualTo(RequestJournal.HOLD);
		assertThat(this.journal.record("vault", "PUT", "/v1/sys/unseal", 200, "ok")).as("once").isZero();

		assertThat(this.journal.held()).singleElement().satisfies(held -> {
			assertThat(held.name()).isEqualTo("UNSEAL");
			assertThat(RequestJournal.line(held.entry())).isEqualTo("vault\tPUT\t/v1/sys/unseal\t200\tok");
		});
		assertThat(this.journal.entries()).as("held requests are journaled like any").hasSize(4);
	}

	@Test
	void aHoldWithAnAfterWaitsForThatRequest() {
		this.journal.arm(
				List.of(new RequestJournal.Hold("VAULT_INIT", Pattern.compile("vault\\tGET\\t/v1/sys/seal-status\\t.*"),
						Pattern.compile("vault\\tPUT\\t/v1/sys/init\\t200\\t.*"))));

		assertThat(this.journal.record("vault", "GET", "/v1/sys/seal-status", 200, "ok")).isZero();
		assertThat(this.journal.record("vault", "PUT", "/v1/sys/init", 200, "ok")).isZero();
		Duration held = this.journal.record("vault", "GET", "/v1/sys/seal-status", 200, "ok");

		assertThat(held).isEqualTo(RequestJournal.HOLD);
		assertThat(this.journal.held()).extracting(RequestJournal.Held::name).containsExactly("VAULT_INIT");
	}

	@Test
	void armingReplacesTheHoldsAndClearingForgetsThem() {
		this.journal.arm(List.of(new RequestJournal.Hold("A", Pattern.compile("proxmox\\t.*"), null)));
		this.journal.arm(List.of(new RequestJournal.Hold("B", Pattern.compile("kubernetes\\t.*"), null)));
		assertThat(this.journal.record("proxmox", "GET", "/api2/json/version", 200, "ok")).isZero();

		this.journal.clear();
		assertThat(this.journal.record("kubernetes", "GET", "/version", 200, "ok")).isZero();
		assertThat(this.journal.held()).isEmpty();
	}

}
