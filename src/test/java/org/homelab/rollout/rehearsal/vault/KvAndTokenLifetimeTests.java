package org.homelab.rollout.rehearsal.vault;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.homelab.rollout.rehearsal.Contracts;
import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.Latency;
import org.homelab.rollout.rehearsal.RequestJournal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * KV versions, check-and-set and soft deletes; token TTLs and use limits run on the lab's
 * clock.
 */
class KvAndTokenLifetimeTests {

	/** A clock the test moves forward. */
	static final class MovableClock extends Clock {

		private Instant now = Instant.parse("2026-01-01T00:00:00Z");

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

	private final MovableClock clock = new MovableClock();

	private final RequestJournal journal = new RequestJournal();

	private final VaultLab lab = new VaultLab(Contracts.locate(), FaultInjector.none(), this.journal, Latency.scaled(0),
			Duration.ofSeconds(1), this.clock);

	private VaultClient client;

	private String root;

	@BeforeEach
	void start() {
		this.lab.start();
		this.client = new VaultClient(this.lab.url());
		this.root = this.client.initAndUnseal();
		this.client.post("sys/mounts/homelab", this.root, "{\"type\":\"kv\",\"options\":{\"version\":\"2\"}}");
		this.client.post("sys/mounts/legacy", this.root, "{\"type\":\"kv\"}");
	}

	@AfterEach
	void stop() {
		this.lab.close();
	}

	@Test
	void checkAndSetRefusesAStaleVersion() {
		assertThat(this.client.post("homelab/data/db", this.root, "{\"options\":{\"cas\":0},\"data\":{\"v\":\"1\"}}")
			.status()).isEqualTo(200);
		VaultClient.Answer stale = this.client.post("homelab/data/db", this.root,
				"{\"options\":{\"cas\":0},\"data\":{\"v\":\"2\"}}");
		assertThat(stale.status()).isEqualTo(400);
		assertThat(stale.error()).isEqualTo("check-and-set parameter did not match the current version");
		assertThat(this.client.post("homelab/data/db", this.root, "{\"options\":{\"cas\":1},\"data\":{\"v\":\"2\"}}")
			.status()).isEqualTo(200);
	}

	@Test
	void oldVersionsStayReadableAndDeletedOnesComeBackWithUndelete() {
		this.client.post("homelab/data/db", this.root, "{\"data\":{\"v\":\"1\"}}");
		this.client.post("homelab/data/db", this.root, "{\"data\":{\"v\":\"2\"}}");
		assertThat(this.client.get("homelab/data/db?version=1", this.root).body().at("/data/data/v").asText())
			.isEqualTo("1");
		assertThat(this.client.call("DELETE", "homelab/data/db", this.root, null).status()).isEqualTo(204);
		VaultClient.Answer deleted = this.client.get("homelab/data/db", this.root);
		assertThat(deleted.status()).isEqualTo(404);
		assertThat(deleted.body().at("/data/metadata/deletion_time").asText()).isNotEmpty();
		this.client.post("homelab/undelete/db", this.root, "{\"versions\":[2]}");
		assertThat(this.client.get("homelab/data/db", this.root).body().at("/data/data/v").asText()).isEqualTo("2");
		VaultClient.Answer metadata = this.client.get("homelab/metadata/db", this.root);
		assertThat(metadata.body().at("/data/current_version").asInt()).isEqualTo(2);
		assertThat(metadata.body().at("/data/versions").size()).isEqualTo(2);
		this.client.call("DELETE", "homelab/metadata/db", this.root, null);
		assertThat(this.client.get("homelab/metadata/db", this.root).status()).isEqualTo(404);
		assertThat(this.journal.violations()).isEmpty();
	}

	@Test
	void kvVersionOneStoresTheBodyAsTheSecret() {
		assertThat(this.client.post("legacy/app/db", this.root, "{\"password\":\"x\"}").status()).isEqualTo(204);
		assertThat(this.client.get("legacy/app/db", this.root).body().at("/data/password").asText()).isEqualTo("x");
		assertThat(this.client.call("LIST", "legacy/app", this.root, null).body().at("/data/keys").toString())
			.isEqualTo("[\"db\"]");
		assertThat(this.journal.violations()).isEmpty();
	}

	@Test
	void tokenExpiresAfterItsTtl() {
		String token = this.client.post("auth/token/create", this.root, "{\"ttl\":\"1m\"}")
			.body()
			.at("/auth/client_token")
			.asText();
		assertThat(this.client.get("auth/token/lookup-self", token).body().at("/data/ttl").asInt()).isEqualTo(60);
		this.clock.advance(Duration.ofSeconds(61));
		assertThat(this.client.get("auth/token/lookup-self", token).status()).isEqualTo(403);
		assertThat(this.client.get("auth/token/lookup-self", this.root).status()).isEqualTo(200);
	}

	@Test
	void renewingARenewableTokenExtendsItsLife() {
		String token = this.client.post("auth/token/create", this.root, "{\"ttl\":\"1m\",\"renewable\":true}")
			.body()
			.at("/auth/client_token")
			.asText();
		this.clock.advance(Duration.ofSeconds(50));
		VaultClient.Answer renewed = this.client.post("auth/token/renew-self", token, "{\"increment\":\"1h\"}");
		assertThat(renewed.body().at("/auth/lease_duration").asInt()).isEqualTo(3600);
		this.clock.advance(Duration.ofMinutes(30));
		assertThat(this.client.get("auth/token/lookup-self", token).status()).isEqualTo(200);
		String fixed = this.client.post("auth/token/create", this.root, "{\"renewable\":false}")
			.body()
			.at("/auth/client_token")
			.asText();
		assertThat(this.client.post("auth/token/renew", this.root, "{\"token\":\"" + fixed + "\"}").error())
			.isEqualTo("lease is not renewable");
	}

	@Test
	void limitedUseTokenIsGoneAfterItsLastUse() {
		String token = this.client.post("auth/token/create", this.root, "{\"num_uses\":2}")
			.body()
			.at("/auth/client_token")
			.asText();
		assertThat(this.client.get("auth/token/lookup-self", token).status()).isEqualTo(200);
		assertThat(this.client.get("auth/token/lookup-self", token).status()).isEqualTo(200);
		assertThat(this.client.get("auth/token/lookup-self", token).status()).isEqualTo(403);
	}

}
