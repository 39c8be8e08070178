package org.homelab.rollout.backup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The disaster-recovery runbook (Markdown) rendered from what the live systems showed:
 * where each VM is backed up and when, the retention, how to restore each service in the
 * order they depend on each other (Vault first, with its unseal procedure, then GitLab,
 * then the K3s workloads through Argo CD, then the rest) and where each credential lives
 * in Vault: paths only, never a value. A pure function of its input, so a second
 * rendering of the same state is byte-identical and "current" can be checked by
 * comparing.
 *
 * @param generatedAt when the state was read (the runbook says so, never "now")
 * @param run the rollout run that rendered it
 * @param server where the backups live
 * @param retention how long PBS keeps them
 * @param vms every VM the backup jobs cover
 * @param credentials Vault paths ({@code <mount>/services/...}) by service
 */
public record DisasterRecoveryPlan(Instant generatedAt, String run, Server server, Retention retention,
		List<GuardedVm> vms, Map<String, List<String>> credentials) {

	/** Characters that would break a table cell or start Markdown of their own. */
	private static final Pattern UNSAFE = Pattern.compile("[|`\\r\\n<>\\[\\]]");

	public DisasterRecoveryPlan {
		Objects.requireNonNull(generatedAt, "generatedAt");
		vms = List.copyOf(vms);
		credentials = new TreeMap<>(credentials);
	}

	/**
	 * The Proxmox Backup Server as Proxmox VE knows it: the storage entry's id, the
	 * server's address, the datastore, the pinned fingerprint and the jobs' schedules.
	 */
	public record Server(String storage, String address, String datastore, String fingerprint, String pruneSchedule,
			String verifySchedule, String gcSchedule) {
	}

	/** PBS's prune job: how many daily, weekly and monthly backups it keeps. */
	public record Retention(int keepDaily, int keepWeekly, int keepMonthly) {
	}

	/**
	 * One VM the backup jobs cover.
	 *
	 * @param service the service it runs (the plan's VM names: vault, gitlab-ce, ...)
	 * @param schedule its backup job's schedule (systemd calendar event)
	 * @param lastBackup the newest snapshot's time, or null when there is none yet
	 * @param restoreTest what the automated restore test found of it ("passed: ...",
	 * "failed: ..."), or null when none ran
	 */
	public record GuardedVm(int vmid, String name, String service, String node, String schedule, Instant lastBackup,
			String restoreTest) {
	}

	/**
	 * Which services come back first: Vault holds every other credential, GitLab holds
	 * the Git repositories Argo CD and Ansible read, K3s's workloads come back from
	 * GitLab through Argo CD; the rest need none of them to boot.
	 */
	static int restoreRank(String service) {
		return switch (service) {
			case "vault" -> 0;
			case "gitlab-ce" -> 1;
			case "k3s" -> 2;
			default -> 3;
		};
	}

	/** The runbook as Markdown. */
	public String render() {
		StringBuilder md = new StringBuilder();
		md.append("# Disaster recovery runbook\n\n");
		md.append("Rendered by homelab-rollout (run `")
			.append(safe(this.run))
			.append("`) from the live state at ")
			.append(this.generatedAt)
			.append(". Do not edit: the next Phase 4 run renders it again; a stale copy says so by its date.\n\n");
		server(md);
		inventory(md);
		order(md);
		credentials(md);
		fileLevel(md);
		return md.toString();
	}

	private void server(StringBuilder md) {
		md.append("## Where the backups live\n\n");
		md.append("| what | value |\n|---|---|\n");
		md.append("| Proxmox VE storage | `").append(safe(this.server.storage())).append("` (type pbs) |\n");
		md.append("| Proxmox Backup Server | ").append(safe(this.server.address())).append(":8007 |\n");
		md.append("| datastore | `").append(safe(this.server.datastore())).append("` |\n");
		md.append("| certificate fingerprint (pinned) | `").append(safe(this.server.fingerprint())).append("` |\n");
		md.append("| retention (prune job, ")
			.append(safe(this.server.pruneSchedule()))
			.append(") | keep-daily ")
			.append(this.retention.keepDaily())
			.append(", keep-weekly ")
			.append(this.retention.keepWeekly())
			.append(", keep-monthly ")
			.append(this.retention.keepMonthly())
			.append(" |\n");
		md.append("| verify job | ").append(safe(this.server.verifySchedule())).append(" |\n");
		md.append("| garbage collection | ").append(safe(this.server.gcSchedule())).append(" |\n\n");
	}

	private void inventory(StringBuilder md) {
		md.append("## What is backed up\n\n");
		md.append("| VM | VMID | node | service | schedule | newest backup | automated restore test |\n");
		md.append("|---|---|---|---|---|---|---|\n");
		for (GuardedVm vm : ordered()) {
			md.append("| ")
				.append(safe(vm.name()))
				.append(" | ")
				.append(vm.vmid())
				.append(" | ")
				.append(safe(vm.node()))
				.append(" | ")
				.append(safe(vm.service()))
				.append(" | ")
				.append(safe(vm.schedule()))
				.append(" | ")
				.append((vm.lastBackup() != null) ? vm.lastBackup().toString() : "**none yet**")
				.append(" | ")
				.append((vm.restoreTest() != null) ? safe(vm.restoreTest()) : "not run")
				.append(" |\n");
		}
		md.append('\n');
	}

	private void order(StringBuilder md) {
		md.append("## Restore, in this order\n\n");
		md.append("Each VM comes back with `qmrestore` on a Proxmox VE node from its newest snapshot (or an older one,")
			.append(" listed by `pvesm list ")
			.append(safe(this.server.storage()))
			.append(" --vmid <vmid>`), then is started.\n\n");
		int step = 1;
		for (GuardedVm vm : ordered()) {
			md.append(step++)
				.append(". **")
				.append(safe(vm.name()))
				.append("** (VMID ")
				.append(vm.vmid())
				.append(")\n\n");
			md.append("   ```sh\n");
			md.append("   qmrestore ")
				.append(safe(this.server.storage()))
				.append(":backup/vm/")
				.append(vm.vmid())
				.append('/')
				.append((vm.lastBackup() != null) ? vm.lastBackup().toString() : "<time>")
				.append(' ')
				.append(vm.vmid())
				.append("\n   qm start ")
				.append(vm.vmid())
				.append("\n   ```\n\n");
			md.append(afterwards(vm));
		}
	}

	/** What to do once the service's VM runs again. */
	private static String afterwards(GuardedVm vm) {
		return switch (vm.service()) {
			case "vault" -> """
					   Vault starts sealed. Unseal it with the key shares (a quorum of holders runs
					   `vault operator unseal` once each, or the engine's shares file in its state directory
					   when the shares were not handed out), then `vault status` shows `Sealed false`.
					   Nothing else comes back before this: every other credential lives here.

					""";
			case "gitlab-ce" -> """
					   `gitlab-ctl status` shows every service `run`; the projects `homelab/gitops` and
					   `homelab/ansible` answer. GitLab's own archive (`gitlab-backup`) restores a single project
					   if the VM backup is older than a push that matters.

					""";
			case "k3s" -> """
					   Once the K3s nodes are up, Argo CD (its release lives in the cluster) syncs the root
					   Application from `homelab/gitops` again: `argocd app sync root` or wait for its
					   auto-sync; the workloads' secrets come back from Vault through External Secrets.

					""";
			default -> """
					   Check the service answers (its Prometheus target turns `up` again).

					""";
		};
	}

	private void credentials(StringBuilder md) {
		md.append("## Where each credential lives\n\n");
		md.append("In Vault (paths only; read them with `vault kv get` once Vault is unsealed):\n\n");
		md.append("| service | Vault paths |\n|---|---|\n");
		this.credentials.forEach((service, paths) -> md.append("| ")
			.append(safe(service))
			.append(" | ")
			.append(String.join(", ", paths.stream().map(p -> "`" + safe(p) + "`").toList()))
			.append(" |\n"));
		md.append('\n');
	}

	private static void fileLevel(StringBuilder md) {
		md.append("## Restoring one file\n\n");
		md.append("In the Proxmox VE web UI: the VM → Backup → pick the snapshot → **File Restore**, browse the")
			.append(" disk and download the file; or on a node `proxmox-file-restore list` / `extract` with the")
			.append(" snapshot's name. Nothing in the running VM changes until you copy the file back.\n");
	}

	/** By restore rank, then VMID. */
	private List<GuardedVm> ordered() {
		List<GuardedVm> ordered = new ArrayList<>(this.vms);
		ordered
			.sort(Comparator.comparingInt((GuardedVm vm) -> restoreRank(vm.service())).thenComparing(GuardedVm::vmid));
		return ordered;
	}

	/** Inventory text in a table or code span: nothing of it may become Markdown. */
	static String safe(String text) {
		return (text == null) ? "" : UNSAFE.matcher(text).replaceAll("_");
	}

}
