package org.homelab.rollout.crash;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The ten moments of Phase 1 at which the crash tests kill the engine, each recognised
 * from outside the engine: by a request the lab answered (its journal), by a wait the
 * engine's poller took up after the last start (engine-rest external tasks), or by a user
 * task waiting for a person.
 */
enum KillPoint {

	/**
	 * The clone of the template was asked for; the engine has not yet recorded its task.
	 */
	CLONE_DISPATCH("dispatch of a clone", "proxmox\tPOST\t.*/qemu/\\d+/clone\t200\t.*"),

	/** The engine waits for a clone Proxmox is copying. */
	CLONE_RUNNING("during a clone", null, "wait-for-clone"),

	/** A HelmChart was written to the cluster. */
	HELM_DISPATCH("Helm dispatch",
			"kubernetes\t(POST|PATCH|PUT)\t.*/apis/helm\\.cattle\\.io/v1/namespaces/[^/]+/helmcharts.*"),

	/** A VM was told to start. */
	BOOT("boot", "proxmox\tPOST\t.*/qemu/\\d+/status/start\t.*"),

	/** The engine waits for a script running in a VM (the installs). */
	INSTALL_SCRIPT("install script", null, "wait-for-script"),

	/**
	 * Vault answered its initialisation (root token and shares exist only in the answer).
	 */
	VAULT_INIT("Vault init", "vault\t(PUT|POST)\t/v1/sys/init\t200\t.*"),

	/** A share was sent to unseal Vault. */
	UNSEAL("unseal", "vault\t(PUT|POST)\t/v1/sys/unseal\t.*"),

	/** Vault's configuration began: the KV engine mounted. */
	CONFIGURATION("configuration", "vault\t(PUT|POST)\t/v1/sys/mounts/.*"),

	/** The operator is asked to move Vault's shares offline. */
	SHARES_TASK("user task: move shares offline", null, null, "move-shares-offline"),

	/** The phase gate waits for approval. */
	GATE("user task: approve Phase 1", null, null, "approve-phase-1");

	private final String description;

	private final Pattern request;

	private final String waitActivity;

	private final String userTask;

	private final String stateFile;

	KillPoint(String description, String request) {
		this(description, request, null, null);
	}

	KillPoint(String description, String request, String waitActivity) {
		this(description, request, waitActivity, null);
	}

	KillPoint(String description, String request, String waitActivity, String userTask) {
		this(description, request, waitActivity, userTask, null);
	}

	KillPoint(String description, String request, String waitActivity, String userTask, String stateFile) {
		this.stateFile = stateFile;
		this.description = description;
		this.request = (request != null) ? Pattern.compile(request) : null;
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
	 * Whether this point is reached: a matching request among those the lab answered
	 * since the last start, a wait of this activity locked by the running node (a lock
	 * not seen when it became ready), or an open user task of this key.
	 */
	boolean reached(List<String> newRequests, List<JsonNode> externalTasks, Set<String> deadLocks,
			List<String> openUserTasks, List<String> stateFiles) {
		if (this.request != null) {
			return newRequests.stream().anyMatch(line -> this.request.matcher(line).matches())
					&& (this.stateFile == null || stateFiles.stream().anyMatch(f -> f.startsWith(this.stateFile)));
		}
		if (this.waitActivity != null) {
			return externalTasks.stream()
				.filter(task -> this.waitActivity.equals(task.path("activityId").asText()))
				.filter(task -> !task.path("lockExpirationTime").isNull())
				.anyMatch(task -> !deadLocks.contains(CrashRun.lock(task)));
		}
		return openUserTasks.contains(this.userTask);
	}

}
