package org.homelab.rollout.proxmox.steps;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.runtime.Incident;
import org.homelab.rollout.proxmox.CloneRequest;
import org.homelab.rollout.proxmox.ProxmoxOperations;
import org.homelab.rollout.proxmox.RestoreRequest;
import org.homelab.rollout.proxmox.Upid;
import org.homelab.rollout.rehearsal.Latency;
import org.homelab.rollout.rehearsal.proxmox.ProxmoxLab;
import org.homelab.rollout.rehearsal.proxmox.ProxmoxLabSettings;
import org.homelab.rollout.support.ProcessRuns;
import org.homelab.rollout.support.TestLabs;
import org.homelab.rollout.waiting.Check;
import org.homelab.rollout.waiting.Look;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Proxmox waits against a lab whose clone takes a while and whose template lacks
 * qemu-guest-agent: a copy's progress times the next look, and a VM whose agent never
 * answers fails after the deadline, saying what to check.
 */
@SpringBootTest(properties = { "rollout.waits.initial-backoff=30ms", "rollout.waits.max-backoff=200ms",
		"rollout.waits.retries=2", "rollout.waits.retry-backoff=200ms",
		"rollout.proxmox.steps.retry-cycle=PT1S,PT1S,PT1S", "rollout.proxmox.client.read-timeout=2s",
		"rollout.proxmox.steps.guest-agent-timeout=3s", "rehearsal.embedded=false" })
@ActiveProfiles({ "rehearsal", "test" })
class ProxmoxWaitsIntegrationTests {

	/** clone 1.8 s, start 0.1 s, boot 0.8 s. */
	static final ProxmoxLab lab = TestLabs.started(ProxmoxLabSettings.defaults().withLatency(Latency.scaled(0.02)));

	@Autowired
	ProcessEngine engine;

	@Autowired
	RuntimeService runtime;

	@Autowired
	HistoryService history;

	@Autowired
	ProxmoxOperations proxmox;

	@Autowired
	ProxmoxTaskWait taskWait;

	@Autowired
	GuestAgentWait agentWait;

	@Autowired
	VmUnlockWait unlockWait;

	@DynamicPropertySource
	static void lab(DynamicPropertyRegistry registry) {
		TestLabs.register(registry, lab);
	}

	@AfterAll
	static void stop() {
		lab.close();
	}

	@Test
	void aCopysProgressTimesTheNextLookAtItsEnd() {
		Instant since = Instant.now();
		Upid upid = this.proxmox.vms("pve").cloneAsync(9000, CloneRequest.of(150, "progress-probe"));
		await().pollDelay(Duration.ofMillis(600)).until(() -> true);
		Map<String, Object> variables = Map.of(ProxmoxVariables.TASK, upid.text());
		Check check = this.taskWait.check(Look.at(variables, since));
		Duration left = Duration.ofMillis(1800).minus(Duration.between(since, Instant.now()));
		assertThat(check.state()).isEqualTo(Check.State.WAITING);
		assertThat(check.message()).containsPattern("qmclone .* \\d+% done");
		assertThat(check.doneIn()).isBetween(left.multipliedBy(6).dividedBy(10), left.multipliedBy(14).dividedBy(10));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.taskWait.check(Look.at(variables, since)).state() == Check.State.DONE);
	}

	/**
	 * A clone found running waits until its lock is gone; one locked past the deadline,
	 * or gone, fails saying what to do.
	 */
	@Test
	void aCloneFoundRunningIsWaitedForUntilUnlockedAndAVanishedOrStuckOneFails() {
		this.proxmox.vms("pve").cloneAsync(9000, CloneRequest.of(151, "unlock-probe"));
		Map<String, Object> variables = Map.of(ProxmoxVariables.NODE, "pve", ProxmoxVariables.VMID, 151,
				ProxmoxVariables.VM_NAME, "unlock-probe");
		Check copying = this.unlockWait.check(Look.at(variables, Instant.now()));
		assertThat(copying.state()).isEqualTo(Check.State.WAITING);
		assertThat(copying.message()).contains("VM 151 on pve").contains("locked 'clone'");
		Check stuck = this.unlockWait.check(Look.at(variables, Instant.now().minus(Duration.ofHours(2))));
		assertThat(stuck.state()).isEqualTo(Check.State.BPMN_ERROR);
		assertThat(stuck.errorCode()).isEqualTo(ProxmoxVariables.FAILED);
		assertThat(stuck.message()).contains("still locked 'clone' 1h")
			.contains("clone-unlock-timeout")
			.contains("qm unlock 151");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.unlockWait.check(Look.at(variables, Instant.now())).state() == Check.State.DONE);

		Check gone = this.unlockWait.check(Look.at(Map.of(ProxmoxVariables.NODE, "pve", ProxmoxVariables.VMID, 152,
				ProxmoxVariables.VM_NAME, "unlock-probe"), Instant.now()));
		assertThat(gone.state()).isEqualTo(Check.State.BPMN_ERROR);
		assertThat(gone.message()).contains("VM 152 on Proxmox node pve disappeared")
			.contains("status/current")
			.contains("retry this incident");
	}

	/**
	 * A restored copy with its NIC unplugged never gets an address: with vmIsolated its
	 * agent answering is enough (restore-test); without, the wait would wait for a lease.
	 */
	@Test
	void anIsolatedVmIsUpWhenItsAgentAnswersWithoutAnAddress() {
		// seeded, not cloned: another test here takes the agent out of the template
		lab.seedRunningVm(153, "isolated-probe", "127.0.10.61");
		awaitTask(this.proxmox.backups().backupAsync("pve", "local", List.of(153)));
		String archive = this.proxmox.storage().backups("pve", "local", 153).get(0).volid();
		awaitTask(this.proxmox.backups()
			.restoreAsync("pve", RestoreRequest.of(154, archive).isolated("vmbr0", "restore-test-isolated-probe")));
		Upid start = this.proxmox.vms("pve").startAsync(154);
		Map<String, Object> isolated = Map.of(ProxmoxVariables.NODE, "pve", ProxmoxVariables.VMID, 154,
				ProxmoxVariables.VM_NAME, "restore-test-isolated-probe", ProxmoxVariables.TASK, start.text(),
				ProxmoxVariables.ISOLATED, true);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.agentWait.check(Look.at(isolated, Instant.now())).state() == Check.State.DONE);

		assertThat(this.agentWait.check(Look.at(isolated, Instant.now())).variables()).isEmpty();
		Map<String, Object> plain = new HashMap<>(isolated);
		plain.remove(ProxmoxVariables.ISOLATED);
		Check waiting = this.agentWait.check(Look.at(plain, Instant.now()));
		assertThat(waiting.state()).isEqualTo(Check.State.WAITING);
		assertThat(waiting.message()).contains("VM 154 (restore-test-isolated-probe) to lease an address");
	}

	private void awaitTask(Upid upid) {
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.proxmox.tasks(upid.node()).status(upid).running());
		assertThat(this.proxmox.tasks(upid.node()).status(upid).succeeded()).as(upid.text()).isTrue();
	}

	@Test
	void aVmWhoseAgentNeverAnswersFailsAfterTheDeadlineSayingWhatToCheck() {
		lab.uninstallGuestAgent(9000);
		ProcessRuns runs = new ProcessRuns(this.engine).within(Duration.ofSeconds(60));
		String run = runs.start("provision-vm", "no-agent", Map.of(ProxmoxVariables.VM_NAME, "prometheus"));
		Incident incident = runs.awaitIncident(run);
		assertThat(incident.getActivityId()).isEqualTo("report-failure");
		int vmid = (Integer) this.runtime.getVariable(run, ProxmoxVariables.VMID);
		assertThat(incident.getIncidentMessage()).contains("VM " + vmid + " (prometheus)")
			.contains("did not report the VM up within 3s")
			.contains("agent/network-get-interfaces")
			.contains("QEMU guest agent is not running")
			.contains("qemu-guest-agent installed")
			.contains("agent=1")
			.contains("rollout.proxmox.steps.guest-agent-timeout");
		HistoricActivityInstance wait = this.history.createHistoricActivityInstanceQuery()
			.processInstanceId(run)
			.activityId("wait-for-guest-agent")
			.singleResult();
		assertThat(wait.getDurationInMillis()).isGreaterThanOrEqualTo(3000);

		// the deadline counts from when the wait began as the engine recorded it, not
		// from this engine's first look
		Map<String, Object> variables = Map.of(ProxmoxVariables.NODE, "pve", ProxmoxVariables.VMID, vmid,
				ProxmoxVariables.VM_NAME, "prometheus", ProxmoxVariables.CREATED, true);
		assertThat(this.agentWait.check(Look.at(variables, Instant.now())).state()).isEqualTo(Check.State.WAITING);
		assertThat(this.agentWait.check(Look.at(variables, Instant.now().minusSeconds(4))).state())
			.isEqualTo(Check.State.BPMN_ERROR);
		this.runtime.deleteProcessInstance(run, "test over");
	}

}
