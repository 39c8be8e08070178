package org.homelab.rollout.proxmox.steps;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Incident;
import org.homelab.rollout.proxmox.CloneRequest;
import org.homelab.rollout.proxmox.ProxmoxOperations;
import org.homelab.rollout.proxmox.Upid;
import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.RehearsalLab;
import org.homelab.rollout.rehearsal.RequestJournal;
import org.homelab.rollout.rehearsal.proxmox.FirewallView;
import org.homelab.rollout.rehearsal.proxmox.ProxmoxLab;
import org.homelab.rollout.rehearsal.proxmox.PveClient;
import org.homelab.rollout.rehearsal.proxmox.VmView;
import org.homelab.rollout.support.ProcessRuns;
import org.homelab.rollout.support.TestLabs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * provision-vm, run-script and destroy-vm against the embedded, schema-checked rehearsal
 * lab: what a phase of the plan gets when it asks for one of its VMs.
 */
@SpringBootTest(properties = { "rollout.waits.initial-backoff=30ms", "rollout.waits.max-backoff=200ms",
		"rollout.waits.retries=2", "rollout.waits.retry-backoff=200ms",
		"rollout.proxmox.steps.retry-cycle=PT1S,PT1S,PT1S", "rollout.proxmox.client.read-timeout=1s",
		"rollout.proxmox.steps.ssh-keys[0]=ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB+x/y=z= deploy@rollout",
		"rollout.proxmox.steps.ssh-keys[1]=ssh-rsa AAAAB3Nza+C1yc2E== ops key with spaces" })
@ActiveProfiles({ "rehearsal", "test" })
class ProvisionVmIntegrationTests {

	@Autowired
	RehearsalLab rehearsalLab;

	ProxmoxLab lab;

	RequestJournal journal;

	@Autowired
	ProcessEngine engine;

	@Autowired
	RuntimeService runtime;

	@Autowired
	RepositoryService repository;

	@Autowired
	ProxmoxOperations proxmox;

	ProcessRuns runs;

	@BeforeEach
	void clean() {
		this.runs = new ProcessRuns(this.engine).within(Duration.ofSeconds(30));
		this.rehearsalLab.reset();
		this.lab = this.rehearsalLab.proxmox();
		this.journal = this.rehearsalLab.journal();
	}

	@Test
	void provisionsThePlannedVmAndHandsOutItsIdAndAddress() {
		Map<String, Object> out = provision("vault", "run-1");
		assertThat(out).containsEntry(ProxmoxVariables.ADDRESS, "127.0.10.22")
			.containsEntry(ProxmoxVariables.CREATED, true)
			.containsEntry(ProxmoxVariables.NODE, "pve");
		VmView vm = TestLabs.vms(this.lab, "vault").get(0);
		assertThat(out).containsEntry(ProxmoxVariables.VMID, vm.vmid());
		assertThat(vm.running()).isTrue();
		assertThat(vm.config()).containsEntry("cores", "4")
			.containsEntry("memory", "8192")
			.containsEntry("tags", "homelab-rollout")
			.containsEntry("ipconfig0", "ip=127.0.10.22/24,gw=127.0.10.1")
			.containsEntry("searchdomain", "rehearsal.lan")
			.containsEntry("agent", "1")
			.containsEntry("ciuser", "rollout");
		assertThat(vm.config().get("scsi0")).startsWith("local-lvm:vm-" + vm.vmid()).contains("size=50G");
		assertThat(vm.config().get("description")).contains("homelab-rollout-run: run-1");
		// the matrix's rules for the vault VM (VmFirewallPlanTests derives them), closed
		// otherwise
		FirewallView firewall = this.lab.firewall(vm.vmid());
		assertThat(firewall.enabled()).isTrue();
		assertThat(firewall.policyIn()).isEqualTo("DROP");
		assertThat(firewall.comments()).containsExactlyInAnyOrder("homelab-rollout: vault ui from frontend",
				"homelab-rollout: vault metrics from prometheus", "homelab-rollout: vault api from eso 127.0.10.30",
				"homelab-rollout: vault api from eso 127.0.10.31", "homelab-rollout: vault api from eso 127.0.10.32",
				"homelab-rollout: vault api from engine", "homelab-rollout: vault node-exporter from prometheus");
		assertThat(firewall.rules()).allSatisfy(rule -> assertThat(rule).containsEntry("enable", "1"));
		assertThat(TestLabs.vms(this.lab, "vault").get(0).config().get("net0")).contains("firewall=1");
		assertThat(vm.sshKeys()).isEqualTo("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB+x/y=z= deploy@rollout\n"
				+ "ssh-rsa AAAAB3Nza+C1yc2E== ops key with spaces");
		assertThat(this.journal.violations()).isEmpty();
	}

	@Test
	void reRunAdoptsTheVmAndCreatesNoSecondOne() {
		int vmid = (Integer) provision("prometheus", "run-2").get(ProxmoxVariables.VMID);
		List<String> rules = this.lab.firewall(vmid).comments();
		this.journal.clear();
		Map<String, Object> sameRun = provision("prometheus", "run-2");
		assertThat(this.lab.firewall(vmid).comments()).as("the same run again adds no rule").isEqualTo(rules);
		Map<String, Object> otherRun = provision("prometheus", "run-3");
		assertThat(TestLabs.vms(this.lab, "prometheus")).hasSize(1);
		assertThat(sameRun).containsEntry(ProxmoxVariables.VMID, vmid).containsEntry(ProxmoxVariables.CREATED, true);
		assertThat(otherRun).containsEntry(ProxmoxVariables.VMID, vmid)
			.containsEntry(ProxmoxVariables.CREATED, false)
			.containsEntry(ProxmoxVariables.ADDRESS, "127.0.10.21");
		assertThat(this.journal.entries()).noneMatch(e -> e.path().endsWith("/clone"));
	}

	/**
	 * A run cancelled in Cockpit while its clone ran leaves the clone as the template
	 * made it: stopped, no size, no cloud-init. The next run adopts it (not its own) and
	 * must configure it as planned before it boots, else the guest comes up on a DHCP
	 * address where nothing of the plan looks for its services.
	 */
	@Test
	void aVmClonedByACancelledRunIsConfiguredAsPlannedBeforeItBoots() {
		VmView left = cancelledDuringItsClone("vault", "run-cancelled");
		assertThat(left.running()).isFalse();
		assertThat(left.config()).doesNotContainEntry("ipconfig0", "ip=127.0.10.22/24,gw=127.0.10.1");

		Map<String, Object> next = provision("vault", "run-after-cancel");
		assertThat(next).containsEntry(ProxmoxVariables.CREATED, false)
			.containsEntry(ProxmoxVariables.VMID, left.vmid())
			.containsEntry(ProxmoxVariables.ADDRESS, "127.0.10.22");
		VmView vm = TestLabs.vms(this.lab, "vault").get(0);
		assertThat(TestLabs.vms(this.lab, "vault")).hasSize(1);
		assertThat(vm.running()).isTrue();
		assertThat(vm.config()).containsEntry("cores", "4")
			.containsEntry("memory", "8192")
			.containsEntry("ipconfig0", "ip=127.0.10.22/24,gw=127.0.10.1");
		assertThat(vm.config().get("scsi0")).contains("size=50G");
		assertThat(vm.config().get("description")).contains("homelab-rollout-run: run-cancelled");
		assertThat(this.journal.violations()).isEmpty();
	}

	/**
	 * A running VM another run made is in use: adopted as it is, never reconfigured
	 * (cloud-init and size changes would wait for a reboot nobody planned).
	 */
	@Test
	void aRunningVmOfAnotherRunIsAdoptedAsItIs() {
		int vmid = (Integer) provision("gitlab-ce", "run-first").get(ProxmoxVariables.VMID);
		this.journal.clear();
		Map<String, Object> next = provision("gitlab-ce", "run-second");
		assertThat(next).containsEntry(ProxmoxVariables.CREATED, false).containsEntry(ProxmoxVariables.VMID, vmid);
		assertThat(this.journal.entries()).noneMatch(e -> e.method().equals("PUT") || e.method().equals("POST"));
	}

	/**
	 * The rollback choice for what a cancelled run left: a later run adopts it as not its
	 * own, so that run's rollback leaves it (the engine cannot tell from the VM that its
	 * run was cancelled rather than completed and in use); a run carrying the cancelled
	 * run's name finds it as its own, and its rollback deletes it.
	 */
	@Test
	void aCancelledRunsVmIsLeftByAnotherRunsRollbackAndDeletedByARunOfItsName() {
		VmView left = cancelledDuringItsClone("ansible", "run-cancelled-7");
		deployCaller();

		String other = this.runs.start("provision-then-undo", "run-other-7",
				Map.of(ProxmoxVariables.VM_NAME, "ansible"));
		this.runs.awaitEnd(other);
		assertThat(this.runs.variables(other)).containsEntry(ProxmoxVariables.CREATED, false);
		assertThat(TestLabs.vms(this.lab, "ansible")).extracting(VmView::vmid).containsExactly(left.vmid());

		String same = this.runs.start("provision-then-undo", "run-cancelled-7",
				Map.of(ProxmoxVariables.VM_NAME, "ansible"));
		this.runs.awaitEnd(same);
		assertThat(this.runs.variables(same)).containsEntry(ProxmoxVariables.CREATED, true);
		assertThat(TestLabs.vms(this.lab, "ansible")).isEmpty();
	}

	/**
	 * Starts provision-vm and cancels it as Cockpit does while its clone runs (custom
	 * listeners and I/O mappings skipped; pressed again when a step committing that
	 * moment makes the delete fail); answers the VM once the clone, which goes on without
	 * the run, is done.
	 */
	private VmView cancelledDuringItsClone(String vmName, String run) {
		cancelDuringItsClone(vmName, run);
		// the VM has its name once the clone is done
		await().atMost(Duration.ofSeconds(30)).until(() -> TestLabs.vms(this.lab, vmName).size() == 1);
		return TestLabs.vms(this.lab, vmName).get(0);
	}

	private void cancelDuringItsClone(String vmName, String run) {
		String cancelled = this.runs.start("provision-vm", run, Map.of(ProxmoxVariables.VM_NAME, vmName));
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(5))
			.until(() -> this.runtime.createExecutionQuery()
				.processInstanceId(cancelled)
				.activityId("wait-for-clone")
				.count() > 0);
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			try {
				this.runtime.deleteProcessInstance(cancelled, "cancelled in Cockpit", true, true, true);
				return true;
			}
			catch (OptimisticLockingException ex) {
				return false;
			}
		});
	}

	/**
	 * Proxmox shows a VM being cloned without its name ("VM 101") until the clone ends. A
	 * run started while a cancelled run's clone still copies must not take "no VM of that
	 * name" for an answer: it waits for the clone no live run owns, looks again, and
	 * adopts it instead of cloning a second VM of that name.
	 */
	@Test
	void aRunStartedWhileACancelledRunsCloneStillCopiesWaitsForItAndAdoptsIt() {
		this.lab.cloneTime(Duration.ofSeconds(3));
		cancelDuringItsClone("vault", "run-cancelled-9");
		assertThat(this.lab.vms()).as("the cancelled run's clone still copies, without a name")
			.filteredOn(vm -> "clone".equals(vm.lock()))
			.singleElement()
			.satisfies(vm -> assertThat(vm.name()).isNotEqualTo("vault"));

		ProcessRuns.Run next = this.runs.run("provision-vm", "run-after-9", Map.of(ProxmoxVariables.VM_NAME, "vault"));
		assertThat(this.runs.passed(next.id(), "wait-for-orphan-clone")).as("waited for the orphan clone").isTrue();
		VmView vm = TestLabs.vms(this.lab, "vault").get(0);
		assertThat(TestLabs.vms(this.lab, "vault")).hasSize(1);
		assertThat(next.variables()).containsEntry(ProxmoxVariables.CREATED, false)
			.containsEntry(ProxmoxVariables.VMID, vm.vmid())
			.containsEntry(ProxmoxVariables.ADDRESS, "127.0.10.22");
		assertThat(vm.config().get("description")).contains("homelab-rollout-run: run-cancelled-9");
		assertThat(this.journal.entries())
			.filteredOn(e -> e.method().equals("POST") && e.path().endsWith("/clone") && e.status() == 200)
			.hasSize(1);
		assertThat(this.journal.violations()).isEmpty();
	}

	/**
	 * Clones of live runs are theirs to wait for: parallel runs of other VMs never wait
	 * for each other's clones.
	 */
	@Test
	void aLiveRunsCloneIsNotWaitedFor() {
		this.lab.cloneTime(Duration.ofSeconds(8));
		String first = this.runs.start("provision-vm", "run-10", Map.of(ProxmoxVariables.VM_NAME, "ansible"));
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(5))
			.until(() -> this.runtime.createExecutionQuery()
				.processInstanceId(first)
				.activityId("wait-for-clone")
				.count() > 0);
		this.lab.cloneTime(Duration.ofMillis(200));
		ProcessRuns.Run second = this.runs.run("provision-vm", "run-10", Map.of(ProxmoxVariables.VM_NAME, "vault"));
		assertThat(this.runtime.createExecutionQuery().processInstanceId(first).activityId("wait-for-clone").count())
			.as("the first run's clone still copied when the second's ended")
			.isOne();
		this.runs.awaitEnd(first);
		assertThat(this.runs.passed(second.id(), "wait-for-orphan-clone")).isFalse();
		assertThat(TestLabs.vms(this.lab, "ansible")).hasSize(1);
		assertThat(TestLabs.vms(this.lab, "vault")).hasSize(1);
	}

	@Test
	void compensationDeletesTheVmThisRunCreated() {
		deployCaller();
		String caller = this.runs.start("provision-then-undo", "run-4", Map.of(ProxmoxVariables.VM_NAME, "ansible"));
		this.runs.awaitEnd(caller);
		assertThat(this.runs.variables(caller)).containsEntry(ProxmoxVariables.CREATED, true);
		assertThat(TestLabs.vms(this.lab, "ansible")).isEmpty();
		assertThat(this.journal.entries()).anyMatch(e -> e.method().equals("DELETE"));
	}

	@Test
	void compensationLeavesAnAdoptedVmAlone() {
		int theirs = this.proxmox.cluster().nextId();
		Upid clone = this.proxmox.vms("pve").cloneAsync(9000, CloneRequest.of(theirs, "gitlab-ce"));
		await().until(() -> this.proxmox.tasks("pve").status(clone).succeeded());
		deployCaller();
		String caller = this.runs.start("provision-then-undo", "run-5", Map.of(ProxmoxVariables.VM_NAME, "gitlab-ce"));
		this.runs.awaitEnd(caller);
		assertThat(this.runs.variables(caller)).containsEntry(ProxmoxVariables.CREATED, false);
		assertThat(TestLabs.vms(this.lab, "gitlab-ce")).extracting(VmView::vmid).containsExactly(theirs);
		assertThat(this.journal.entries()).noneMatch(e -> e.method().equals("DELETE"));
	}

	/**
	 * The crash window of issue 13 without killing a JVM: Proxmox takes the clone, but
	 * its answer never reaches the step (the lab holds it; the client gives up), so the
	 * step's transaction rolls back as in a crash and its job runs again. It asks for the
	 * same committed VMID, finds its own clone there and waits for it instead of cloning
	 * a second VM of the same name.
	 */
	@Test
	void cloneStepRunningAgainAfterProxmoxTookItsCloneFindsItInsteadOfCloningASecondVm() {
		this.journal.arm(List.of(new RequestJournal.Hold("clone-taken",
				Pattern.compile("proxmox\tPOST\t.*/qemu/9000/clone\t200\t.*"), null)));
		ProcessRuns.Run run = this.runs.within(Duration.ofSeconds(60))
			.run("provision-vm", "run-7", Map.of(ProxmoxVariables.VM_NAME, "vault"));
		assertThat(this.journal.held()).as("the clone's answer was held back").hasSize(1);
		assertThat(TestLabs.vms(this.lab, "vault")).singleElement()
			.satisfies(vm -> assertThat(vm.vmid()).isEqualTo(run.variables().get(ProxmoxVariables.VMID)))
			.satisfies(vm -> assertThat(vm.running()).isTrue());
		assertThat(this.lab.vms()).filteredOn(vm -> !vm.template() && !"frontend".equals(vm.name())).hasSize(1);
		assertThat(run.variables()).containsEntry(ProxmoxVariables.CREATED, true)
			.containsEntry(ProxmoxVariables.ADDRESS, "127.0.10.22");
		assertThat(this.runs.passed(run.id(), "wait-for-unlock")).as("waited for the clone it found").isTrue();
		assertThat(this.journal.entries())
			.filteredOn(e -> e.method().equals("POST") && e.path().endsWith("/clone") && e.status() == 200)
			.hasSize(1);
	}

	/**
	 * Another run's clone (another VM of the plan) took the VMID this run drew: the run
	 * waits for that clone to end, sees it is not its own, draws again and never touches
	 * the other VM; nor would its rollback.
	 */
	@Test
	void vmidTakenByAnotherRunsCloneIsLeftAloneAndAnotherDrawn() {
		int theirs = this.proxmox.cluster().nextId();
		this.proxmox.vms("pve")
			.cloneAsync(9000, CloneRequest.of(theirs, "gitlab-ce")
				.withDescription(VmOwnership.description("gitlab-ce", "run-other")));
		// as if "Draw the VM's ID" had drawn theirs just before their clone was asked for
		String id = this.runtime.createProcessInstanceByKey("provision-vm")
			.businessKey("run-8")
			.startBeforeActivity("clone-vm")
			.setVariable(ProxmoxVariables.VM_NAME, "ansible")
			.setVariable(ProxmoxVariables.VMID, theirs)
			.setVariable(ProxmoxVariables.NODE, "pve")
			.execute()
			.getId();
		this.runs.within(Duration.ofSeconds(60)).awaitEnd(id);
		Map<String, Object> out = this.runs.variables(id);
		assertThat(out).containsEntry(ProxmoxVariables.CREATED, true);
		assertThat(out.get(ProxmoxVariables.VMID)).isNotEqualTo(theirs);
		assertThat(this.runs.passed(id, "wait-for-unlock")).isTrue();
		assertThat(this.runs.activities(id, "reserve-vmid")).hasSize(1);
		assertThat(TestLabs.vms(this.lab, "ansible")).extracting(VmView::vmid)
			.containsExactly((Integer) out.get(ProxmoxVariables.VMID));
		VmView other = this.lab.vm(theirs).orElseThrow();
		assertThat(other.name()).isEqualTo("gitlab-ce");
		assertThat(other.running()).isFalse();
		assertThat(other.config()).containsEntry("ipconfig0", "ip=dhcp").doesNotContainKey("ciuser");
		assertThat(this.journal.entries())
			.filteredOn(e -> e.path().contains("/qemu/" + theirs + "/") || e.path().endsWith("/qemu/" + theirs))
			.allMatch(e -> e.method().equals("GET"));
	}

	/**
	 * Proxmox checks a VM's lock inside the start task: a lock taken between "Start the
	 * VM"'s look and the task (a backup job starting) fails the task with "VM is locked".
	 * That passes, so the model starts the VM again instead of raising an incident.
	 */
	/**
	 * A backup holds the VM locked when the rollback destroys it (vzdump takes the
	 * guest's "backup" lock): stop and delete wait the lock out with the job's back-off
	 * instead of failing, and the VM goes once the backup has let go of it.
	 */
	@Test
	void aVmABackupHoldsLockedIsDestroyedOnceTheBackupEnds() {
		ProcessRuns.Run made = this.runs.run("provision-vm", "run-locked", Map.of(ProxmoxVariables.VM_NAME, "vault"));
		int vmid = (Integer) made.variables().get(ProxmoxVariables.VMID);
		PveClient pve = PveClient.trusting(this.lab);
		String backup = pve.post("/nodes/pve/vzdump", "vmid", String.valueOf(vmid), "storage", "local").data().asText();
		assertThat(this.lab.vm(vmid)).get().satisfies(vm -> assertThat(vm.lock()).isEqualTo("backup"));

		this.runs.run("destroy-vm", "run-locked", Map.of(ProxmoxVariables.VM_NAME, "vault"));

		assertThat(TestLabs.vms(this.lab, "vault")).isEmpty();
		assertThat(pve.waitFor(backup).path("exitstatus").asText()).isEqualTo("OK");
		Instant backedUp = Instant.ofEpochSecond(pve.waitFor(backup).path("endtime").asLong());
		assertThat(this.journal.entries())
			.filteredOn(e -> e.method().equals("POST") && e.path().endsWith("/" + vmid + "/status/stop"))
			.singleElement()
			.satisfies(stop -> assertThat(stop.at()).isAfterOrEqualTo(backedUp));
	}

	@Test
	void aStartTaskThatFoundTheVmLockedIsStartedAgain() {
		this.rehearsalLab.faults().arm(FaultInjector.Rule.nth("proxmox", "start", FaultInjector.Kind.VM_LOCKED, 1));
		ProcessRuns.Run run = this.runs.run("provision-vm", "run-11", Map.of(ProxmoxVariables.VM_NAME, "vault"));
		assertThat(this.runs.passed(run.id(), "start-failed-transiently")).isTrue();
		assertThat(run.variables()).containsEntry(ProxmoxVariables.ADDRESS, "127.0.10.22");
		assertThat(this.journal.entries())
			.filteredOn(e -> e.method().equals("POST") && e.path().endsWith("/status/start"))
			.hasSize(2);
		assertThat(TestLabs.vms(this.lab, "vault")).singleElement().satisfies(vm -> assertThat(vm.running()).isTrue());
	}

	@Test
	void scriptRunsInTheVmAndAFailingOneBecomesAnIncidentWithItsStderr() {
		Map<String, Object> vm = provision("proxmox-backup", "run-6");
		String ok = this.runs.start("run-script",
				Map.of(ProxmoxVariables.VM_NAME, "proxmox-backup", ProxmoxVariables.VMID, vm.get(ProxmoxVariables.VMID),
						ProxmoxVariables.NODE, "pve", ProxmoxVariables.SCRIPT,
						"mkdir -p /etc/pbs\necho 'datastore: backups' > /etc/pbs/config\necho installed\n",
						ProxmoxVariables.SCRIPT_NAME, "install-pbs"));
		this.runs.awaitEnd(ok);
		assertThat(this.runs.variables(ok)).containsEntry(ProxmoxVariables.SCRIPT_OUTPUT, "installed\n");
		assertThat(new String(
				this.lab.vm((Integer) vm.get(ProxmoxVariables.VMID)).orElseThrow().files().get("/etc/pbs/config")))
			.isEqualTo("datastore: backups\n");

		String failing = this.runs.start("run-script",
				Map.of(ProxmoxVariables.VM_NAME, "proxmox-backup", ProxmoxVariables.VMID, vm.get(ProxmoxVariables.VMID),
						ProxmoxVariables.NODE, "pve", ProxmoxVariables.SCRIPT,
						"echo starting\npbs-install --now\nexit 4\n", ProxmoxVariables.SCRIPT_NAME, "broken"));
		Incident incident = this.runs.awaitIncident(failing);
		assertThat(incident.getActivityId()).isEqualTo("report-failure");
		assertThat(incident.getIncidentMessage()).contains("script 'broken' in VM " + vm.get(ProxmoxVariables.VMID))
			.contains("exited with 4")
			.contains("pbs-install: command not found");
		this.runtime.deleteProcessInstance(failing, "test over");
	}

	/**
	 * A planned VM's name with another VM's VMID (the existing frontend server's): the
	 * start check passes the name, the script step finds the VMID is another VM and
	 * writes and runs nothing there.
	 */
	@Test
	void aScriptForOneVmIsNotRunInAnotherGivenItsVmid() {
		provision("vault", "run-12");
		int frontend = TestLabs.vms(this.lab, "frontend").get(0).vmid();
		this.journal.clear();
		String id = this.runs.start("run-script",
				Map.of(ProxmoxVariables.VM_NAME, "vault", ProxmoxVariables.VMID, frontend, ProxmoxVariables.NODE, "pve",
						ProxmoxVariables.SCRIPT, "touch /root/owned\n", ProxmoxVariables.SCRIPT_NAME, "intruder"));
		Incident incident = this.runs.awaitIncident(id);
		assertThat(incident.getIncidentMessage()).contains("VMID " + frontend)
			.contains("is the VM 'frontend'")
			.contains("nothing was written or run");
		assertThat(this.journal.entries()).filteredOn(e -> e.path().contains("/agent/"))
			.as("guest agent calls")
			.isEmpty();
		this.runtime.deleteProcessInstance(id, "test over");
	}

	Map<String, Object> provision(String vmName, String businessKey) {
		return this.runs.run("provision-vm", businessKey, Map.of(ProxmoxVariables.VM_NAME, vmName)).variables();
	}

	void deployCaller() {
		this.repository.createDeployment().addString("provision-then-undo.bpmn", CallerModel.XML).deploy();
	}

}
