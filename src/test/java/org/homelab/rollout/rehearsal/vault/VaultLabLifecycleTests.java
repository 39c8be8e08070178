package org.homelab.rollout.rehearsal.vault;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import org.homelab.rollout.rehearsal.Contracts;
import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.Latency;
import org.homelab.rollout.rehearsal.RequestJournal;
import org.homelab.rollout.support.Contract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A restarted Vault keeps its storage and comes back sealed; reset empties it. */
class VaultLabLifecycleTests {

	private final VaultLab lab = new VaultLab(FaultInjector.none(), new RequestJournal());

	@AfterEach
	void stop() {
		this.lab.close();
	}

	@Test
	void restartKeepsDataAndComesBackSealed() {
		this.lab.start();
		VaultClient client = new VaultClient(this.lab.url());
		var init = client.post("sys/init", null, "{\"secret_shares\":1,\"secret_threshold\":1}").body();
		String key = init.path("keys").path(0).asText();
		String root = init.path("root_token").asText();
		client.post("sys/unseal", null, "{\"key\":\"" + key + "\"}");
		client.post("sys/mounts/homelab", root, "{\"type\":\"kv\",\"options\":{\"version\":\"2\"}}");
		client.post("homelab/data/app", root, "{\"data\":{\"password\":\"kept\"}}");
		this.lab.close();
		assertThat(this.lab.running()).isFalse();

		this.lab.start();
		VaultClient again = new VaultClient(this.lab.url());
		assertThat(this.lab.sealed()).isTrue();
		assertThat(this.lab.initialized()).isTrue();
		assertThat(again.get("homelab/data/app", root).status()).isEqualTo(503);
		assertThat(again.post("sys/unseal", null, "{\"key\":\"" + key + "\"}").body().path("sealed").asBoolean())
			.isFalse();
		assertThat(again.get("homelab/data/app", root).body().path("data").path("data").path("password").asText())
			.isEqualTo("kept");
		assertThat(this.lab.mounts()).containsEntry("homelab/", "kv-v2");
	}

	@Test
	void resetEmptiesTheVault() {
		this.lab.start();
		VaultClient client = new VaultClient(this.lab.url());
		String root = client.initAndUnseal();
		client.post("sys/mounts/homelab", root, "{\"type\":\"kv-v2\"}");
		this.lab.reset();
		assertThat(this.lab.initialized()).isFalse();
		assertThat(this.lab.sealed()).isTrue();
		assertThat(this.lab.mounts()).doesNotContainKey("homelab/").containsKeys("cubbyhole/", "identity/", "sys/");
		assertThat(this.lab.policies()).containsExactly("default", "root");
		assertThat(client.get("sys/init", null).body().path("initialized").asBoolean()).isFalse();
		String newRoot = client.initAndUnseal();
		assertThat(client.get("auth/token/lookup-self", root).status()).isEqualTo(403);
		assertThat(client.get("auth/token/lookup-self", newRoot).status()).isEqualTo(200);
	}

	@Test
	void startsAtAGivenLoopbackAddressAndPort() throws UnknownHostException {
		InetAddress address = InetAddress.getByName("127.0.10.21");
		this.lab.start(address, 0);
		assertThat(this.lab.url().getHost()).isEqualTo("127.0.10.21");
		assertThat(new VaultClient(this.lab.url()).get("sys/health", null).status()).isEqualTo(501);
	}

	@Test
	void withoutTheContractRequestsAreServedAndJournalledUnchecked(@TempDir Path empty) {
		RequestJournal journal = new RequestJournal();
		try (VaultLab unchecked = new VaultLab(new Contracts(empty), FaultInjector.none(), journal, Latency.scaled(0),
				Duration.ofSeconds(1), Clock.systemUTC())) {
			unchecked.start();
			assertThat(unchecked.contractLoaded()).isFalse();
			VaultClient client = new VaultClient(unchecked.url());
			String root = client.initAndUnseal();
			assertThat(client.post("sys/mounts/homelab", root, "{\"type\":\"kv-v2\"}").status()).isEqualTo(204);
			assertThat(client.get("homelab/nonsense/x", root).status()).isEqualTo(404);
			assertThat(journal.entries("vault")).isNotEmpty()
				.allSatisfy(e -> assertThat(e.verdict()).isEqualTo("unchecked"));
		}
	}

	@Test
	void theShareThatUnsealsTakesTheUnsealLatency() {
		// realistic vault.unseal is 1 s; scaled by 0.3 the completing share answers after
		// about 300 ms
		try (VaultLab slow = new VaultLab(Contracts.locate(), FaultInjector.none(), new RequestJournal(),
				Latency.scaled(0.3), Duration.ofSeconds(1), Clock.systemUTC())) {
			slow.start();
			VaultClient client = new VaultClient(slow.url());
			var init = client.post("sys/init", null, "{\"secret_shares\":2,\"secret_threshold\":2}").body();
			long start = System.nanoTime();
			client.post("sys/unseal", null, "{\"key\":\"" + init.path("keys").path(0).asText() + "\"}");
			long first = System.nanoTime() - start;
			client.post("sys/unseal", null, "{\"key\":\"" + init.path("keys").path(1).asText() + "\"}");
			long both = System.nanoTime() - start;
			assertThat(Duration.ofNanos(both - first)).isGreaterThanOrEqualTo(Duration.ofMillis(290));
			assertThat(slow.sealed()).isFalse();
		}
	}

	@Test
	void refusesToStartTwice() {
		this.lab.start();
		assertThatThrownBy(this.lab::start).isInstanceOf(IllegalStateException.class);
	}

	@Test
	void wrongUnsealKeyIsRefusedAndProgressCanBeReset() {
		this.lab.start();
		VaultClient client = new VaultClient(this.lab.url());
		var init = client.post("sys/init", null, "{\"secret_shares\":3,\"secret_threshold\":2}").body();
		assertThat(client.post("sys/init", null, "{\"secret_shares\":3,\"secret_threshold\":2}").error())
			.isEqualTo("Vault is already initialized");
		assertThat(client.post("sys/unseal", null, "{\"key\":\"not a key!\"}").status()).isEqualTo(400);
		var progress = client.post("sys/unseal", null, "{\"key\":\"" + init.path("keys").path(0).asText() + "\"}");
		assertThat(progress.body().path("progress").asInt()).isEqualTo(1);
		var reset = client.post("sys/unseal", null, "{\"reset\":true}");
		assertThat(reset.body().path("progress").asInt()).isZero();
		assertThat(client.post("sys/unseal", null, "{\"key\":\"" + "ab".repeat(33) + "\"}").status()).isEqualTo(400);
		assertThat(this.lab.sealed()).isTrue();
	}

	@Test
	void invalidSealConfigurationIsRefused() {
		Contract.VAULT.require("the lab refusing an invalid seal configuration in Vault's words is");
		this.lab.start();
		VaultClient client = new VaultClient(this.lab.url());
		var answer = client.post("sys/init", null, "{\"secret_shares\":3,\"secret_threshold\":5}");
		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.error()).contains("threshold cannot be larger than shares");
		assertThat(client.post("sys/init", null, "{\"secret_shares\":\"\",\"secret_threshold\":1}").error())
			.startsWith("error converting input  for field \"secret_shares\": cannot parse '' as int");
		assertThat(this.lab.initialized()).isFalse();
	}

}
