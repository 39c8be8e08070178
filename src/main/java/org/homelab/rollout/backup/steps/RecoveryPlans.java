package org.homelab.rollout.backup.steps;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.homelab.rollout.backup.BackupInventory;
import org.homelab.rollout.backup.DisasterRecoveryPlan;
import org.homelab.rollout.gitlab.GitlabOperations;
import org.homelab.rollout.gitlab.GitlabProject;
import org.homelab.rollout.gitlab.RepositoryFile;
import org.homelab.rollout.inventory.Inventory;
import org.homelab.rollout.inventory.K3sCluster;
import org.homelab.rollout.matrix.MatrixCheck;
import org.homelab.rollout.matrix.Service;
import org.homelab.rollout.proxmox.BackupJob;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The disaster-recovery runbook as Phase 4 keeps it: rendered from the live state
 * ({@link BackupLooks}, the restore tests' results) and committed to the gitops project
 * at {@value #PATH}, next to what Argo CD deploys, so that it is where an operator
 * restoring the homelab looks first and versioned with it. "Current" compares the body
 * below the first paragraph (which names the run and the time it was rendered).
 */
@Component
class RecoveryPlans {

	static final String PATH = "docs/disaster-recovery.md";

	static final String BRANCH = "main";

	private final BackupLooks looks;

	private final Inventory inventory;

	private final ObjectProvider<GitlabOperations> gitlab;

	private final String project;

	private final String kvMount;

	RecoveryPlans(BackupLooks looks, Inventory inventory, ObjectProvider<GitlabOperations> gitlab,
			@Value("${rollout.gitlab.group:homelab}") String group,
			@Value("${rollout.vault.kv-mount:homelab}") String kvMount) {
		this.looks = looks;
		this.inventory = inventory;
		this.gitlab = gitlab;
		this.project = group + "/gitops";
		this.kvMount = kvMount;
	}

	/**
	 * The runbook of the live state, with each VM's restore test as the phase found it.
	 */
	DisasterRecoveryPlan live(Instant at, String run, String pbsAddress, String fingerprint,
			Map<String, String> restoreTests) {
		BackupInventory backup = this.looks.inventory();
		BackupLooks.Coverage coverage = this.looks.coverage();
		List<BackupJob> jobs = this.looks.jobs();
		Map<String, Map<Integer, Instant>> newest = new LinkedHashMap<>();
		Set<String> k3s = this.inventory.k3s()
			.nodes()
			.stream()
			.map(K3sCluster.K3sNode::name)
			.collect(Collectors.toSet());
		List<DisasterRecoveryPlan.GuardedVm> vms = new ArrayList<>();
		for (BackupLooks.Covered vm : coverage.vms()) {
			Instant last = newest.computeIfAbsent(vm.node(), this.looks::newestBackups).get(vm.vmid());
			String schedule = jobs.stream()
				.filter(job -> job.vmids().contains(vm.vmid()))
				.map(BackupJob::schedule)
				.findFirst()
				.orElse("no job");
			String service = k3s.contains(vm.name()) ? "k3s" : vm.name();
			vms.add(new DisasterRecoveryPlan.GuardedVm(vm.vmid(), vm.name(), service, vm.node(), schedule, last,
					restoreTests.get(vm.name())));
		}
		Map<String, List<String>> credentials = new LinkedHashMap<>();
		MatrixCheck.CREDENTIALS.forEach((service, paths) -> credentials.put(service.planName(),
				paths.stream().map(path -> this.kvMount + "/services/" + path).toList()));
		credentials.put(Service.GRAFANA.planName(), List.of(this.kvMount + "/services/grafana/admin-password"));
		return new DisasterRecoveryPlan(at, run,
				new DisasterRecoveryPlan.Server(backup.storage(), pbsAddress, backup.datastore(), fingerprint,
						backup.pruneSchedule(), backup.verifySchedule(), backup.gcSchedule()),
				new DisasterRecoveryPlan.Retention(backup.retention().keepDaily(), backup.retention().keepWeekly(),
						backup.retention().keepMonthly()),
				vms, credentials);
	}

	/** The runbook committed to the gitops project, if any. */
	Optional<String> committed() {
		GitlabOperations gitlab = gitlab();
		return gitlab.repository()
			.readFile(project().id(), PATH, BRANCH)
			.map(RepositoryFile::content)
			.map(bytes -> new String(bytes, StandardCharsets.UTF_8));
	}

	/** The runbook without its first paragraph (which run rendered it, and when). */
	static String body(String markdown) {
		int first = markdown.indexOf("\n## ");
		return (first < 0) ? markdown : markdown.substring(first);
	}

	/** Where a person reads the committed runbook. */
	String url() {
		return "https://gitlab." + this.inventory.network().dnsDomain() + "/" + this.project + "/-/blob/" + BRANCH + "/"
				+ PATH;
	}

	GitlabOperations gitlab() {
		GitlabOperations operations = this.gitlab.getIfAvailable();
		if (operations == null) {
			throw new IllegalStateException("No GitLab client in this engine: the runbook goes to " + this.project
					+ " in Phase 2's GitLab; configure GitLab CE (Phase 2.1) first, then retry.");
		}
		return operations;
	}

	GitlabProject project() {
		return gitlab().projects()
			.findByPath(this.project)
			.orElseThrow(() -> new IllegalStateException("GitLab has no project " + this.project
					+ " (Phase 3 publishes the app-of-apps there): run phase-3-gitops first, then retry."));
	}

}
