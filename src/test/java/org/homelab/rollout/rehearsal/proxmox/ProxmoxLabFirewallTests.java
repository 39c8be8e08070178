package org.homelab.rollout.rehearsal.proxmox;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.homelab.rollout.rehearsal.Latency;
import org.homelab.rollout.rehearsal.RequestJournal;
import org.homelab.rollout.support.Contract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The lab's guest firewall answers as pve-firewall's API does. */
class ProxmoxLabFirewallTests {

	static final String RULES = "/nodes/pve/qemu/9000/firewall/rules";

	static final String OPTIONS = "/nodes/pve/qemu/9000/firewall/options";

	static final String MODIFIED = "detected modified configuration - file changed by other user? Try again.";

	static ProxmoxLab lab;

	static RequestJournal journal = new RequestJournal();

	static PveClient pve;

	@BeforeAll
	static void start() {
		lab = new ProxmoxLab(ProxmoxLabSettings.defaults().withJournal(journal).withLatency(Latency.scaled(0.002)));
		lab.start();
		pve = PveClient.trusting(lab);
	}

	@AfterAll
	static void stop() {
		lab.close();
	}

	@BeforeEach
	void clean() {
		lab.reset();
		journal.clear();
	}

	@Test
	void aNewRuleGoesToTheTopDisabledUnlessEnabledAndTheListNumbersPositions() {
		assertThat(pve.post(RULES, "type", "in", "action", "ACCEPT", "proto", "tcp", "dport", "22", "comment", "ssh")
			.code()).isEqualTo(200);
		assertThat(pve
			.post(RULES, "type", "in", "action", "ACCEPT", "proto", "tcp", "dport", "443", "source", "192.168.1.10",
					"comment", "https", "enable", "1", "pos", "5")
			.code()).isEqualTo(200);
		JsonNode rules = pve.get(RULES).data();
		assertThat(rules).hasSize(2);
		assertThat(rules.get(0).path("comment").asText()).isEqualTo("https");
		assertThat(rules.get(0).path("pos").asInt()).isZero();
		assertThat(rules.get(0).path("enable").asInt()).isEqualTo(1);
		assertThat(rules.get(0).path("ipversion").asInt()).isEqualTo(4);
		assertThat(rules.get(1).path("comment").asText()).isEqualTo("ssh");
		assertThat(rules.get(1).path("pos").asInt()).isEqualTo(1);
		assertThat(rules.get(1).path("enable").asInt()).isZero();
		assertThat(rules.get(0).path("digest").asText()).hasSize(40).isEqualTo(rules.get(1).path("digest").asText());
		assertThat(lab.firewall(9000).comments()).containsExactly("https", "ssh");
	}

	@Test
	void deleteRenumbersTheRestAndAStaleDigestOrAMissingPositionIsRefused() {
		for (String name : List.of("c", "b", "a")) {
			pve.post(RULES, "type", "in", "action", "ACCEPT", "comment", name);
		}
		String digest = pve.get(RULES).data().get(0).path("digest").asText();
		assertThat(pve.delete(RULES + "/1", "digest", digest).code()).isEqualTo(200);
		assertThat(positions()).containsExactly("0 a", "1 c");
		PveClient.Answer stale = pve.delete(RULES + "/0", "digest", digest);
		assertThat(stale.code()).isEqualTo(500);
		assertThat(stale.reason()).isEqualTo(MODIFIED);
		PveClient.Answer missing = pve.delete(RULES + "/2");
		assertThat(missing.code()).isEqualTo(500);
		assertThat(missing.reason()).isEqualTo("no rule at position 2");
		assertThat(lab.firewall(9000).comments()).containsExactly("a", "c");
	}

	@Test
	void portsWithoutAProtocolAndUnknownActionsAreParameterErrors() {
		PveClient.Answer noProto = pve.post(RULES, "type", "in", "action", "ACCEPT", "dport", "22");
		assertThat(noProto.code()).isEqualTo(400);
		assertThat(noProto.body().path("errors").path("proto").asText())
			.isEqualTo("missing property - 'dport' requires this property");
		PveClient.Answer icmp = pve.post(RULES, "type", "in", "action", "ACCEPT", "proto", "icmp", "dport", "22");
		assertThat(icmp.body().path("errors").path("dport").asText())
			.isEqualTo("protocol 'icmp' does not support ports");
		PveClient.Answer action = pve.post(RULES, "type", "in", "action", "ALLOW");
		assertThat(action.code()).isEqualTo(400);
		assertThat(action.body().path("errors").path("action").asText()).isEqualTo("unknown action 'ALLOW'");
		assertThat(lab.firewall(9000).rules()).isEmpty();
	}

	@Test
	void theContractCheckRefusesAParameterTheSchemaDoesNotKnow() {
		Contract.PROXMOX_VE.require("the lab checking firewall requests against the schema is");
		PveClient.Answer port = pve.post(RULES, "type", "in", "action", "ACCEPT", "port", "22");
		assertThat(port.code()).isEqualTo(400);
		assertThat(port.body().path("errors").path("port").asText())
			.isEqualTo("property is not defined in schema and the schema does not allow additional properties");
		PveClient.Answer direction = pve.post(RULES, "type", "inbound", "action", "ACCEPT");
		assertThat(direction.body().path("errors").path("type").asText()).startsWith("value 'inbound' does not have");
		PveClient.Answer policy = pve.put(OPTIONS, "policy_in", "deny");
		assertThat(policy.code()).isEqualTo(400);
		assertThat(journal.violations()).hasSize(3);
		assertThat(lab.firewall(9000).rules()).isEmpty();
	}

	@Test
	void optionsReportOnlyWhatWasSetAndAStaleDigestIsRefused() {
		JsonNode defaults = pve.get(OPTIONS).data();
		assertThat(defaults.has("enable")).isFalse();
		assertThat(defaults.path("digest").asText()).hasSize(40);
		assertThat(lab.firewall(9000).enabled()).isFalse();
		assertThat(lab.firewall(9000).policyIn()).isEqualTo("DROP");
		assertThat(
				pve.put(OPTIONS, "enable", "1", "policy_in", "DROP", "digest", defaults.path("digest").asText()).code())
			.isEqualTo(200);
		JsonNode set = pve.get(OPTIONS).data();
		assertThat(set.path("enable").asInt()).isEqualTo(1);
		assertThat(set.path("policy_in").asText()).isEqualTo("DROP");
		PveClient.Answer stale = pve.put(OPTIONS, "enable", "0", "digest", defaults.path("digest").asText());
		assertThat(stale.code()).isEqualTo(500);
		assertThat(stale.reason()).isEqualTo(MODIFIED);
		assertThat(lab.firewall(9000).enabled()).isTrue();
	}

	@Test
	void aCloneStartsWithACopyOfItsSourcesRulesAndADestroyRemovesThem() {
		pve.post(RULES, "type", "in", "action", "ACCEPT", "proto", "tcp", "dport", "22", "comment", "ssh");
		String clone = pve.post("/nodes/pve/qemu/9000/clone", "newid", "101", "name", "copy").data().asText();
		assertThat(pve.waitFor(clone).path("exitstatus").asText()).isEqualTo("OK");
		assertThat(lab.firewall(101).comments()).containsExactly("ssh");
		String destroy = pve.delete("/nodes/pve/qemu/101").data().asText();
		assertThat(pve.waitFor(destroy).path("exitstatus").asText()).isEqualTo("OK");
		assertThat(lab.firewall(101).rules()).isEmpty();
		assertThat(lab.firewall(9000).comments()).containsExactly("ssh");
	}

	private static List<String> positions() {
		List<String> positions = new ArrayList<>();
		pve.get(RULES).data().forEach(r -> positions.add(r.path("pos").asInt() + " " + r.path("comment").asText()));
		return positions;
	}

}
