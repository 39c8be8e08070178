package org.homelab.rollout.rehearsal.proxmox;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.homelab.rollout.rehearsal.Latency;
import org.homelab.rollout.rehearsal.RequestJournal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lab's users, tokens and ACL over raw HTTP: what a created token may see and do, and
 * the lists the Ansible inventory plugin reads.
 */
class ProxmoxLabAccessTests {

	static final RequestJournal journal = new RequestJournal();

	static ProxmoxLab lab;

	static PveClient admin;

	@BeforeAll
	static void start() {
		lab = new ProxmoxLab(ProxmoxLabSettings.defaults().withJournal(journal).withLatency(Latency.scaled(0.002)));
		lab.start();
		admin = PveClient.trusting(lab);
	}

	@AfterAll
	static void stop() {
		lab.close();
	}

	@BeforeEach
	void clean() {
		lab.reset();
		lab.seedRunningVm(120, "prometheus", "127.0.10.21");
		lab.seedRunningVm(121, "vault", "127.0.10.22");
		journal.clear();
	}

	@AfterEach
	void noContractViolations() {
		assertThat(journal.violations()).isEmpty();
	}

	@Test
	void aTokenSeesOnlyTheGuestsItsAclCoversInEveryList() {
		admin.post("/access/users", "userid", "ansible@pve");
		admin.put("/access/acl", "path", "/vms/121", "roles", "PVEAuditor", "users", "ansible@pve");
		PveClient token = as(create("ansible@pve", "inventory", "0"));

		assertThat(token.get("/nodes/pve/qemu").data()).extracting(vm -> vm.path("vmid").asInt()).containsExactly(121);
		JsonNode resources = token.get("/cluster/resources", "type", "vm").data();
		assertThat(resources).extracting(r -> r.path("id").asText()).containsExactly("qemu/121");
		assertThat(token.get("/nodes/pve/qemu/121/config").code()).isEqualTo(200);
		assertThat(token.get("/nodes/pve/qemu/121/snapshot").data()).extracting(s -> s.path("name").asText())
			.containsExactly("current");
		PveClient.Answer refused = token.get("/nodes/pve/qemu/120/config");
		assertThat(refused.code()).isEqualTo(403);
		assertThat(refused.reason()).isEqualTo("Permission check failed (/vms/120, VM.Audit)");
		assertThat(token.get("/pools").data()).isEmpty();
		assertThat(token.get("/nodes/pve/lxc").data()).isEmpty();
		assertThat(token.put("/nodes/pve/qemu/121/config", "cores", "4").code()).isEqualTo(403);
	}

	@Test
	void theSecretIsInTheCreatingAnswerOnlyAndAnExpiredTokenIsRefused() {
		admin.post("/access/users", "userid", "ansible@pve");
		admin.put("/access/acl", "path", "/", "roles", "PVEAuditor", "users", "ansible@pve");
		String secret = create("ansible@pve", "inventory", "0");
		assertThat(admin.get("/access/users/ansible@pve/token/inventory").data().toString()).doesNotContain(secret);
		assertThat(admin.get("/access/users/ansible@pve").data().toString()).doesNotContain(secret);
		assertThat(admin.post("/access/users/ansible@pve/token/inventory").reason()).isEqualTo("Token already exists.");

		String expired = admin
			.post("/access/users/ansible@pve/token/old", "privsep", "0", "expire",
					String.valueOf(Instant.now().getEpochSecond() - 60))
			.data()
			.path("value")
			.asText();
		assertThat(as(expired, "old").get("/nodes/pve/qemu").code()).isEqualTo(401);
		// privsep=0: the token holds its user's privileges
		PveClient unseparated = as(create("ansible@pve", "shared", "0"), "shared");
		assertThat(unseparated.get("/nodes/pve/qemu").data()).hasSize(3);
	}

	@Test
	void deletingTheUserTakesItsTokensAndAclEntries() {
		admin.post("/access/users", "userid", "ansible@pve");
		create("ansible@pve", "inventory", "1");
		admin.put("/access/acl", "path", "/", "roles", "PVEAuditor", "users", "ansible@pve", "tokens",
				"ansible@pve!inventory");
		assertThat(admin.get("/access/acl").data()).hasSize(2);
		assertThat(admin.delete("/access/users/ansible@pve").code()).isEqualTo(200);
		assertThat(admin.get("/access/acl").data()).isEmpty();
		PveClient.Answer gone = admin.get("/access/users/ansible@pve/token");
		assertThat(gone.code()).isEqualTo(500);
		assertThat(gone.reason()).isEqualTo("no such user ('ansible@pve')");
	}

	private static String create(String user, String tokenid, String privsep) {
		JsonNode answer = admin.post("/access/users/" + user + "/token/" + tokenid, "privsep", privsep).data();
		assertThat(answer.path("full-tokenid").asText()).isEqualTo(user + "!" + tokenid);
		return answer.path("value").asText();
	}

	private static PveClient as(String secret) {
		return as(secret, "inventory");
	}

	private static PveClient as(String secret, String tokenid) {
		return admin.with(Map.of("Authorization", "PVEAPIToken=ansible@pve!" + tokenid + "=" + secret));
	}

}
