package org.homelab.rollout.proxmox;

import java.time.Duration;
import java.util.Map;

import okhttp3.OkHttpClient;
import org.homelab.rollout.inventory.ProxmoxSite;
import org.homelab.rollout.rehearsal.Latency;
import org.homelab.rollout.rehearsal.RequestJournal;
import org.homelab.rollout.rehearsal.proxmox.ProxmoxLab;
import org.homelab.rollout.rehearsal.proxmox.ProxmoxLabSettings;
import org.homelab.rollout.support.Contract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Users, API tokens and the ACL through the client against the rehearsal lab, every
 * request checked by the schema; and what the new read-only token may do there.
 */
class ProxmoxAccessTests {

	static final String USER = "ansible@pve";

	static final RequestJournal journal = new RequestJournal();

	static ProxmoxLab lab;

	static ProxmoxAccessOperations access;

	@BeforeAll
	static void start() {
		lab = new ProxmoxLab(ProxmoxLabSettings.defaults().withJournal(journal).withLatency(Latency.scaled(0.002)));
		lab.start();
		access = LabSites.client(lab).access();
	}

	@AfterAll
	static void stop() {
		lab.close();
	}

	@BeforeEach
	void clean() {
		lab.reset();
		lab.seedRunningVm(120, "prometheus", "127.0.10.21");
		journal.clear();
	}

	@AfterEach
	void everyRequestMatchedThePublishedSchema() {
		assertThat(lab.schemaChecked()).isEqualTo(Contract.PROXMOX_VE.present());
		assertThat(journal.violations()).isEmpty();
	}

	@Test
	void ensureCreatesUserAndSeparatedAuditorTokenOnceAndASecondCallAdoptsThem() {
		AuditorToken first = access.ensureAuditorToken(USER, "inventory", "Ansible dynamic inventory");
		assertThat(first.fullTokenId()).isEqualTo("ansible@pve!inventory");
		assertThat(first.userCreated()).isTrue();
		assertThat(first.userGranted()).isTrue();
		assertThat(first.tokenCreated()).isTrue();
		assertThat(first.secret()).hasValueSatisfying(secret -> {
			assertThat(secret.fullTokenId()).isEqualTo("ansible@pve!inventory");
			assertThat(secret.reveal()).hasSizeGreaterThan(20);
		});
		assertThat(access.token(USER, "inventory"))
			.hasValue(new ApiToken("inventory", "Ansible dynamic inventory", true, 0));
		assertThat(access.acl()).contains(new AclEntry("/", "user", USER, "PVEAuditor", true),
				new AclEntry("/", "token", "ansible@pve!inventory", "PVEAuditor", true));

		AuditorToken second = access.ensureAuditorToken(USER, "inventory", "Ansible dynamic inventory");
		assertThat(second.userCreated()).isFalse();
		assertThat(second.userGranted()).isFalse();
		assertThat(second.tokenCreated()).isFalse();
		assertThat(second.secret()).isEmpty();
		assertThat(access.tokens(USER)).extracting(ApiToken::tokenid).containsExactly("inventory");
		assertThat(access.acl()).hasSize(2);
	}

	@Test
	void theSecretNeverShowsInToStringNorInTheResult() {
		AuditorToken made = access.ensureAuditorToken(USER, "inventory", null);
		String secret = made.secret().orElseThrow().reveal();
		assertThat(made.secret().orElseThrow().toString()).doesNotContain(secret).contains("ansible@pve!inventory");
		assertThat(made.toString()).doesNotContain(secret);
		// PVE shows it once: the token's own read gives no secret
		assertThat(access.token(USER, "inventory").orElseThrow().toString()).doesNotContain(secret);
	}

	@Test
	void theNewTokenReadsGuestsButEveryWriteIsRefusedWith403() {
		ApiTokenSecret secret = access.ensureAuditorToken(USER, "inventory", null).secret().orElseThrow();
		ProxmoxOperations asAuditor = clientWith(secret);

		assertThat(asAuditor.vms("pve").list()).extracting(VmSummary::vmid).contains(120, 9000);
		assertThat(asAuditor.vms("pve").config(120).values()).containsEntry("name", "prometheus");
		assertThat(asAuditor.vms("pve").status(120).status()).isEqualTo("running");

		assertThatThrownBy(() -> asAuditor.vms("pve").configure(120, ConfigRequest.create().withCores(4)))
			.isInstanceOfSatisfying(ProxmoxApiException.class, ex -> {
				assertThat(ex.status()).isEqualTo(403);
				assertThat(ex.reason()).startsWith("Permission check failed (/vms/120");
				assertThat(ex.getMessage()).doesNotContain(secret.reveal());
			});
		assertThatThrownBy(() -> asAuditor.vms("pve").startAsync(120)).isInstanceOfSatisfying(ProxmoxApiException.class,
				ex -> assertThat(ex.status()).isEqualTo(403));
		assertThatThrownBy(() -> asAuditor.access().createToken(USER, "more", false, null))
			.isInstanceOfSatisfying(ProxmoxApiException.class, ex -> assertThat(ex.status()).isEqualTo(403));
		// the guest agent needs VM.GuestAgent.Audit, which PVEAuditor lacks
		assertThatThrownBy(() -> asAuditor.agent("pve").networkInterfaces(120))
			.isInstanceOfSatisfying(ProxmoxApiException.class, ex -> assertThat(ex.status()).isEqualTo(403));
		assertThat(lab.vm(120).orElseThrow().config()).containsEntry("cores", "2");
	}

	@Test
	void aSeparatedTokenWithoutItsOwnAclEntrySeesNoGuest() {
		access.ensureUser(USER, null);
		access.grant("/", "PVEAuditor", USER);
		ApiTokenSecret secret = access.createToken(USER, "bare", true, null);
		assertThat(clientWith(secret).vms("pve").list()).isEmpty();
		access.grant("/vms/120", "PVEAuditor", secret.fullTokenId());
		assertThat(clientWith(secret).vms("pve").list()).extracting(VmSummary::vmid).containsExactly(120);
	}

	@Test
	void aDeletedTokenNoLongerAuthenticatesAndTakesItsAclEntryWithIt() {
		ApiTokenSecret secret = access.ensureAuditorToken(USER, "inventory", null).secret().orElseThrow();
		assertThat(access.deleteToken(USER, "inventory")).isTrue();
		assertThat(access.deleteToken(USER, "inventory")).isFalse();
		assertThat(access.token(USER, "inventory")).isEmpty();
		assertThat(access.acl()).extracting(AclEntry::type).containsExactly("user");
		assertThatThrownBy(() -> clientWith(secret).vms("pve").list()).isInstanceOfSatisfying(ProxmoxApiException.class,
				ex -> assertThat(ex.status()).isEqualTo(401));
	}

	@Test
	void undoRemovesWhatTheRunMadeAndOnlyThat() {
		AuditorToken made = access.ensureAuditorToken(USER, "inventory", null);
		access.undo(USER, "inventory", made);
		assertThat(access.userExists(USER)).isFalse();
		assertThat(access.acl()).isEmpty();
		assertThat(access.deleteUser(USER)).isFalse();

		// a user someone made by hand, with a token of their own: the run adds a token
		// and
		// its entries, its undo takes back just those
		access.ensureUser(USER, "made by hand");
		access.createToken(USER, "manual", false, null);
		AuditorToken adopted = access.ensureAuditorToken(USER, "inventory", null);
		assertThat(adopted.userCreated()).isFalse();
		assertThat(adopted.userGranted()).isTrue();
		access.undo(USER, "inventory", adopted);
		assertThat(access.userExists(USER)).isTrue();
		assertThat(access.tokens(USER)).extracting(ApiToken::tokenid).containsExactly("manual");
		assertThat(access.acl()).isEmpty();
	}

	@Test
	void anUnknownRoleIsRefusedAndGrantsNothing() {
		access.ensureUser(USER, null);
		assertThatThrownBy(() -> access.grant("/", "PVEWizard", USER)).isInstanceOfSatisfying(ProxmoxApiException.class,
				ex -> assertThat(ex.reason()).contains("PVEWizard"));
		assertThat(access.acl()).isEmpty();
	}

	private static ProxmoxOperations clientWith(ApiTokenSecret secret) {
		ProxmoxSite admin = LabSites.pinned(lab, lab.fingerprintSha256());
		ProxmoxSite site = new ProxmoxSite(admin.url(), admin.nodes(), secret.fullTokenId(), null, "TOKEN",
				admin.caFile(), admin.fingerprint(), admin.template(), admin.storage(), admin.backupStorage(),
				admin.bridge());
		return ProxmoxClientConfiguration.create(new OkHttpClient(), site,
				new ProxmoxClientProperties(Duration.ofSeconds(2), Duration.ofSeconds(5), 0),
				Map.of("TOKEN", secret.reveal())::get);
	}

}
