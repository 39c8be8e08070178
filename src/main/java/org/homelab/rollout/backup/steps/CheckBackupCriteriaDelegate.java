package org.homelab.rollout.backup.steps;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.criteria.Criterion;
import org.homelab.rollout.engine.RolloutRun;
import org.homelab.rollout.gitlab.GitlabException;
import org.homelab.rollout.proxmox.BackupJob;
import org.homelab.rollout.proxmox.ProxmoxException;
import org.homelab.rollout.proxmox.StorageStatus;

import org.springframework.stereotype.Component;

/**
 * Phase 4's success criteria on the live systems, for the gate: Proxmox Backup
 * operational (PVE's pbs storage entry active: PVE reached the server with its token and
 * the datastore answered), backup schedules configured (every VM the backups must cover
 * in an enabled snapshot-mode job on that storage, with a first backup there), restore
 * procedures tested (every automated restore test passed and the operator restored an
 * item by hand), disaster recovery plan documented (the runbook in GitLab says what the
 * live state says). A system that cannot be asked is a criterion not met.
 */
@Component
class CheckBackupCriteriaDelegate implements JavaDelegate {

	private final BackupLooks looks;

	private final RecoveryPlans plans;

	CheckBackupCriteriaDelegate(BackupLooks looks, RecoveryPlans plans) {
		this.looks = looks;
		this.plans = plans;
	}

	@Override
	public void execute(DelegateExecution execution) {
		set(execution, "proxmoxBackupOperational", guarded(this::operational));
		set(execution, "backupSchedulesConfigured", guarded(this::schedules));
		set(execution, "restoreProceduresTested",
				RestoreTests.tested(Boolean.TRUE.equals(execution.getVariable(RestoreTests.AUTOMATED_MET)),
						(Boolean) execution.getVariable(RestoreTests.MANUAL_DONE),
						(String) execution.getVariable(RestoreTests.MANUAL_ITEM)));
		set(execution, "disasterRecoveryPlanDocumented", guarded(() -> documented(execution)));
	}

	private Criterion operational() {
		String node = this.looks.node();
		String storage = this.looks.inventory().storage();
		Optional<StorageStatus> status = this.looks.storage(node);
		if (status.isEmpty()) {
			return Criterion.unmet("Proxmox VE has no storage '" + storage + "'");
		}
		StorageStatus s = status.get();
		if (!s.active()) {
			return Criterion.unmet("storage '" + storage + "' on " + node
					+ " is not active: PVE cannot reach the datastore (server down, token refused or datastore gone)");
		}
		long percent = (s.total() > 0) ? Math.round(100.0 * s.used() / s.total()) : 0;
		return Criterion.met("storage '" + storage + "' (type " + s.type() + ") active on " + node + ", datastore '"
				+ this.looks.inventory().datastore() + "' " + percent + " % used of " + (s.total() >> 30) + " GiB");
	}

	private Criterion schedules() {
		BackupLooks.Coverage coverage = this.looks.coverage();
		List<BackupJob> jobs = this.looks.jobs();
		Map<String, Map<Integer, Instant>> newest = new LinkedHashMap<>();
		List<String> problems = new ArrayList<>();
		coverage.notFound()
			.forEach(name -> problems.add(name + " (inventory.backup.existing-vms) is not a VM on Proxmox"));
		List<String> covered = new ArrayList<>();
		for (BackupLooks.Covered vm : coverage.vms()) {
			Optional<BackupJob> job = jobs.stream()
				.filter(j -> j.enabled() && "snapshot".equals(j.mode()) && j.vmids().contains(vm.vmid()))
				.findFirst();
			Instant last = newest.computeIfAbsent(vm.node(), this.looks::newestBackups).get(vm.vmid());
			if (job.isEmpty()) {
				problems.add(vm.name() + " (" + vm.vmid() + ") is in no enabled snapshot job on "
						+ this.looks.inventory().storage());
			}
			else if (last == null) {
				problems.add(vm.name() + " (" + vm.vmid() + ") has no backup yet");
			}
			else {
				covered.add(vm.name() + " " + job.get().schedule() + ", last " + last);
			}
		}
		if (coverage.vms().isEmpty()) {
			problems.add("no VM to back up was found");
		}
		return problems.isEmpty() ? Criterion.met("every VM scheduled and backed up: " + String.join("; ", covered))
				: Criterion.unmet(String.join("; ", problems));
	}

	private Criterion documented(DelegateExecution execution) {
		Optional<String> committed = this.plans.committed();
		if (committed.isEmpty()) {
			return Criterion.unmet("no runbook at " + RecoveryPlans.PATH + " in the gitops project");
		}
		String live = this.plans
			.live(Instant.now(), RolloutRun.of(execution), (String) execution.getVariable(Phase4Variables.PBS_ADDRESS),
					(String) execution.getVariable(Phase4Variables.PBS_FINGERPRINT),
					CommitRecoveryPlanDelegate.restoreTests(execution))
			.render();
		return RecoveryPlans.body(committed.get()).equals(RecoveryPlans.body(live))
				? Criterion.met("runbook committed and current: " + this.plans.url())
				: Criterion.unmet("the runbook at " + this.plans.url()
						+ " no longer says what the live state says: run Phase 4 again, which renders it anew");
	}

	private static Criterion guarded(java.util.function.Supplier<Criterion> check) {
		try {
			return check.get();
		}
		catch (ProxmoxException | GitlabException | IllegalStateException | java.io.UncheckedIOException ex) {
			return Criterion.unmet("could not be checked: " + ex.getMessage());
		}
	}

	private static void set(DelegateExecution execution, String key, Criterion criterion) {
		execution.setVariable(key + "Met", criterion.met());
		execution.setVariable(key + "Result", criterion.result());
	}

}
