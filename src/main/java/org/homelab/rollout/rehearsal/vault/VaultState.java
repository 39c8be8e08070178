package org.homelab.rollout.rehearsal.vault;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Everything a Vault keeps in its storage backend. It outlives the HTTP server: a
 * restarted Vault finds it again (sealed). Callers synchronise on the state object.
 */
final class VaultState {

	final Barrier barrier = new Barrier();

	final MountTable mounts = new MountTable();

	final PolicyStore policies = new PolicyStore();

	final TokenStore tokens;

	/** KV v2 secrets by mount path, then secret path. */
	final Map<String, Map<String, KvSecret>> kv2 = new HashMap<>();

	/** KV v1 values by mount path, then secret path. */
	final Map<String, Map<String, JsonNode>> kv1 = new HashMap<>();

	/** Kubernetes auth method config by auth mount path. */
	final Map<String, ObjectNode> kubernetesConfig = new HashMap<>();

	/** Kubernetes auth roles by auth mount path, then role name. */
	final Map<String, Map<String, ObjectNode>> kubernetesRoles = new HashMap<>();

	/** Kept in storage, so a restarted Vault reports the same cluster. */
	String clusterId = UUID.randomUUID().toString();

	VaultState(Clock clock) {
		this.tokens = new TokenStore(clock);
	}

	Map<String, KvSecret> kv2(String mount) {
		return this.kv2.computeIfAbsent(mount, m -> new TreeMap<>());
	}

	Map<String, JsonNode> kv1(String mount) {
		return this.kv1.computeIfAbsent(mount, m -> new TreeMap<>());
	}

	Map<String, ObjectNode> kubernetesRoles(String mount) {
		return this.kubernetesRoles.computeIfAbsent(mount, m -> new TreeMap<>());
	}

	/** Drops the data a mount held, as disabling an engine or auth method does. */
	void forget(Mount mount) {
		if (mount.auth()) {
			this.kubernetesConfig.remove(mount.path());
			this.kubernetesRoles.remove(mount.path());
		}
		else {
			this.kv2.remove(mount.path());
			this.kv1.remove(mount.path());
		}
	}

	/** Back to a fresh, uninitialised Vault. */
	void wipe() {
		this.barrier.wipe();
		this.mounts.wipe();
		this.policies.wipe();
		this.tokens.wipe();
		this.kv2.clear();
		this.kv1.clear();
		this.kubernetesConfig.clear();
		this.kubernetesRoles.clear();
		this.clusterId = UUID.randomUUID().toString();
	}

}
