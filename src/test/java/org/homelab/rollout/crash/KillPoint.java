package org.homelab.rollout.crash;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The ten moments of Phase 1 at which the crash tests kill the engine, each recognised
 * from outside the engine without racing it. A point at a request is a hold in the lab
 * (its journal, {@code POST /holds}): the lab applies the request and holds its answer
 * back, so the engine sits in the middle of that request until the test has killed it,
 * however late the test looks. A point at a wait holds by itself: the engine's poller
 * keeps the wait locked for as long as the lab's clone or script runs (seconds, longer
 * than the test's look). A user task waits for a person.
 */
enum KillPoint {

	/**
	 * The clone of the template was asked for; the engine has not yet recorded its task.
	 */
	CLONE_DISPATCH("dispatch of a clone", "proxmox\\tPOST\\t.*/qemu/\\d+/clone\\t200\\t.*"),

	/**
	 * The engine waits for a clone Proxmox is copying: by its task (wait-for-clone), or,
	 * when the clone was asked for before a kill, by the VM's lock (wait-for-unlock).
	 */
	CLONE_RUNNING("during a clone", null, null, "wait-for-clone|wait-for-unlock", null),

	/** A HelmChart was written to the cluster. */
	HELM_DISPATCH("Helm dispatch",
			"kubernetes\\t(POST|PATCH|PUT)\\t.*/apis/helm\\.cattle\\.io/v1/namespaces/[^/]+/helmcharts[^\\t]*\\t20\\d\\t.*"),

	/** A VM was told to start. */
	BOOT("boot", "proxmox\\tPOST\\t.*/qemu/\\d+/status/start\\t200\\t.*"),

	/** The engine waits for a script running in a VM (the installs). */
	INSTALL_SCRIPT("install script", null, null, "wait-for-script", null),

	/**
	 * Vault is initialised and the step that did it has ended: its shares are on disk,
	 * and the unseal step's first look at the seal status is held. (Inside the init step,
	 * between sys/init's answer and the shares file, is the one window the API leaves
	 * open, which no client can close: docs/vault-recovery.md.)
	 */
	VAULT_INIT("Vault init", "vault\\tGET\\t/v1/sys/seal-status\\t.*", "vault\\t(PUT|POST)\\t/v1/sys/init\\t200\\t.*",
			null, null),

	/** A share was sent to unseal Vault (and applied). */
	UNSEAL("unseal", "vault\\t(PUT|POST)\\t/v1/sys/unseal\\t200\\t.*"),

	/** Vault's configuration began: the KV engine mounted. */
	CONFIGURATION("configuration", "vault\\t(PUT|POST)\\t/v1/sys/mounts/[^\\t]*\\t20\\d\\t.*"),

	/** The operator is asked to move Vault's shares offline. */
	SHARES_TASK("user task: move shares offline", null, null, null, "move-shares-offline"),

	/** The phase gate waits for approval. */
	GATE("user task: approve Phase 1", null, null, null, "approve-phase-1");

	private final String description;

	private final String hold;

	private final String after;

	private final String waitActivity;

	private final String userTask;

	KillPoint(String description, String hold) {
		this(description, hold, null, null, null);
	}

	KillPoint(String description, String hold, String after, String waitActivity, String userTask) {
		this.description = description;
		this.hold = hold;
		this.after = after;
		this.waitActivity = waitActivity;
		this.userTask = userTask;
	}

	String description() {
		return this.description;
	}

	String userTask() {
		return this.userTask;
	}

	/**
	 * The lab's hold for a point at a request ({@code name<TAB>match[<TAB>after]}, over
	 * journal lines), null for the others.
	 */
	String hold() {
		return (this.hold != null) ? name() + "\t" + this.hold + ((this.after != null) ? "\t" + this.after : "") : null;
	}

	/**
	 * Whether this point, if at a wait or a user task, is reached: a wait of these
	 * activities (a pattern) locked by the running node (a lock not seen when it became
	 * ready), or an open user task of this key. Points at requests are the lab's holds.
	 */
	boolean reached(List<JsonNode> externalTasks, Set<String> deadLocks, List<String> openUserTasks) {
		if (this.waitActivity != null) {
			return externalTasks.stream()
				.filter(task -> task.path("activityId").asText().matches(this.waitActivity))
				.filter(task -> !task.path("lockExpirationTime").isNull())
				.anyMatch(task -> !deadLocks.contains(CrashRun.lock(task)));
		}
		return this.userTask != null && openUserTasks.contains(this.userTask);
	}

}
