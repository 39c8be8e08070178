package org.homelab.rollout.rehearsal.vault;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.RequestJournal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.vault.authentication.SimpleSessionManager;
import org.springframework.vault.authentication.TokenAuthentication;
import org.springframework.vault.client.VaultEndpoint;
import org.springframework.vault.core.VaultKeyValueOperations;
import org.springframework.vault.core.VaultKeyValueOperationsSupport.KeyValueBackend;
import org.springframework.vault.core.VaultTemplate;
import org.springframework.vault.core.env.VaultPropertySource;
import org.springframework.vault.support.Policy;
import org.springframework.vault.support.Policy.BuiltinCapabilities;
import org.springframework.vault.support.VaultHealth;
import org.springframework.vault.support.VaultInitializationRequest;
import org.springframework.vault.support.VaultInitializationResponse;
import org.springframework.vault.support.VaultMount;
import org.springframework.vault.support.VaultResponse;
import org.springframework.vault.support.VaultToken;
import org.springframework.vault.support.VaultTokenRequest;
import org.springframework.vault.support.VaultTokenResponse;
import org.springframework.vault.support.VaultUnsealStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The real Spring Vault client drives the lab through a whole bootstrap, as the rollout
 * does against Vault.
 */
class VaultLabSpringVaultTests {

	private final RequestJournal journal = new RequestJournal();

	private final VaultLab lab = new VaultLab(FaultInjector.none(), this.journal);

	@BeforeEach
	void start() {
		this.lab.start();
	}

	@AfterEach
	void stop() {
		this.lab.close();
	}

	private VaultTemplate template(String token) {
		return new VaultTemplate(VaultEndpoint.from(this.lab.url()), new SimpleClientHttpRequestFactory(),
				new SimpleSessionManager(new TokenAuthentication(token)));
	}

	private String bootstrap() {
		VaultTemplate anonymous = template("none");
		VaultInitializationResponse init = anonymous.opsForSys().initialize(VaultInitializationRequest.create(5, 3));
		for (String key : init.getKeys().subList(1, 4)) {
			anonymous.opsForSys().unseal(key);
		}
		return init.getRootToken().getToken();
	}

	@Test
	void initialisesWithFiveSharesAndUnsealsWithAnyThree() {
		VaultTemplate anonymous = template("none");
		assertThat(anonymous.opsForSys().isInitialized()).isFalse();
		VaultInitializationResponse init = anonymous.opsForSys().initialize(VaultInitializationRequest.create(5, 3));
		assertThat(init.getKeys()).hasSize(5).doesNotHaveDuplicates();
		assertThat(init.getRootToken().getToken()).matches("hvs\\.[A-Za-z0-9]{24}");
		assertThat(anonymous.opsForSys().health().isSealed()).isTrue();
		VaultUnsealStatus first = anonymous.opsForSys().unseal(init.getKeys().get(4));
		assertThat(first.isSealed()).isTrue();
		assertThat(first.getProgress()).isEqualTo(1);
		assertThat(first.getSecretThreshold()).isEqualTo(3);
		anonymous.opsForSys().unseal(init.getKeys().get(0));
		VaultUnsealStatus last = anonymous.opsForSys().unseal(init.getKeys().get(2));
		assertThat(last.isSealed()).isFalse();
		VaultHealth health = anonymous.opsForSys().health();
		assertThat(health.isInitialized()).isTrue();
		assertThat(health.isSealed()).isFalse();
		assertThat(health.getVersion()).startsWith("1.15");
		assertThat(this.lab.sealed()).isFalse();
	}

	@Test
	void healthOfAFreshVaultSaysNotInitialised() {
		VaultHealth health = template("none").opsForSys().health();
		assertThat(health.isInitialized()).isFalse();
		assertThat(health.isSealed()).isTrue();
	}

	@Test
	void mountsKvVersionTwoAndStoresVersionedSecrets() {
		VaultTemplate root = template(bootstrap());
		root.opsForSys().mount("homelab", VaultMount.builder().type("kv").options(Map.of("version", "2")).build());
		assertThat(root.opsForSys().getMounts()).containsKey("homelab/");
		assertThat(this.lab.mounts()).containsEntry("homelab/", "kv-v2");
		root.opsForSys().authMount("kubernetes", VaultMount.create("kubernetes"));
		assertThat(root.opsForSys().getAuthMounts()).containsKeys("kubernetes/", "token/");
		VaultKeyValueOperations kv = root.opsForKeyValue("homelab", KeyValueBackend.KV_2);
		kv.put("apps/grafana", Map.of("admin-password", "first"));
		kv.put("apps/grafana", Map.of("admin-password", "second"));
		VaultResponse read = kv.get("apps/grafana");
		assertThat(read.getRequiredData()).containsEntry("admin-password", "second");
		assertThat(read.getMetadata()).containsEntry("version", 2);
		assertThat(kv.list("apps/")).containsExactly("grafana");
		assertThat(kv.get("apps/missing")).isNull();
		kv.delete("apps/grafana");
		assertThat(kv.get("apps/grafana")).isNull();
		assertThat(this.journal.violations()).isEmpty();
	}

	@Test
	void aTokenWithAReadPolicyReadsButCannotWrite() {
		VaultTemplate root = template(bootstrap());
		root.opsForSys().mount("homelab", VaultMount.builder().type("kv").options(Map.of("version", "2")).build());
		root.opsForKeyValue("homelab", KeyValueBackend.KV_2).put("apps/db", Map.of("password", "s3cret"));
		root.opsForSys()
			.createOrUpdatePolicy("apps-read", Policy
				.of(Policy.Rule.builder().path("homelab/data/apps/*").capabilities(BuiltinCapabilities.READ).build()));
		assertThat(root.opsForSys().getPolicyNames()).contains("apps-read", "default", "root");
		assertThat(root.opsForSys().getPolicy("apps-read").getRules()).hasSize(1);
		VaultTokenResponse created = root.opsForToken()
			.create(VaultTokenRequest.builder()
				.withPolicy("apps-read")
				.displayName("grafana")
				.ttl(Duration.ofHours(1))
				.build());
		assertThat(created.getAuth()).containsEntry("policies", List.of("apps-read", "default"));
		VaultKeyValueOperations limited = template(created.getToken().getToken()).opsForKeyValue("homelab",
				KeyValueBackend.KV_2);
		assertThat(limited.get("apps/db").getRequiredData()).containsEntry("password", "s3cret");
		assertThatThrownBy(() -> limited.put("apps/db", Map.of("password", "changed")))
			.hasMessageContaining("permission denied");
	}

	@Test
	void propertySourceFindsTheKvVersionThroughTheUiMountsEndpoint() {
		VaultTemplate root = template(bootstrap());
		root.opsForSys().mount("homelab", VaultMount.builder().type("kv-v2").build());
		root.opsForKeyValue("homelab", KeyValueBackend.KV_2).put("apps/grafana", Map.of("admin-password", "pw"));
		VaultPropertySource source = new VaultPropertySource(root, "homelab/apps/grafana");
		assertThat(source.getProperty("admin-password")).isEqualTo("pw");
		assertThat(this.journal.entries("vault"))
			.anySatisfy(e -> assertThat(e.path()).isEqualTo("/v1/sys/internal/ui/mounts/homelab/apps/grafana"));
		assertThat(this.journal.violations()).isEmpty();
	}

	@Test
	void revokedTokensAreRefused() {
		VaultTemplate root = template(bootstrap());
		VaultToken token = root.opsForToken().create(VaultTokenRequest.builder().build()).getToken();
		VaultTemplate holder = template(token.getToken());
		assertThat(holder.read("auth/token/lookup-self").getRequiredData()).containsEntry("display_name", "token");
		root.opsForToken().revoke(token);
		assertThatThrownBy(() -> holder.read("auth/token/lookup-self")).hasMessageContaining("permission denied");
	}

	@Test
	void rootPolicyCannotBeChangedAndDefaultCannotBeDeleted() {
		VaultTemplate root = template(bootstrap());
		assertThatThrownBy(() -> root.opsForSys().createOrUpdatePolicy("root", Policy.empty()))
			.hasMessageContaining("cannot update \"root\" policy");
		assertThatThrownBy(() -> root.opsForSys().deletePolicy("default"))
			.hasMessageContaining("cannot delete \"default\" policy");
	}

	@Test
	void sealingNeedsRootAndLeavesVaultSealed() {
		VaultTemplate root = template(bootstrap());
		root.opsForSys().seal();
		assertThat(root.opsForSys().health().isSealed()).isTrue();
		assertThatThrownBy(() -> root.opsForSys().getMounts()).hasMessageContaining("Vault is sealed");
	}

}
