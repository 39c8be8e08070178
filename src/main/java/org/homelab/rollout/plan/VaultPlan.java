package org.homelab.rollout.plan;

import java.util.ArrayList;
import java.util.List;

import org.homelab.rollout.vault.EngineAccess;
import org.homelab.rollout.vault.KvMountConvergence;
import org.homelab.rollout.vault.Outcome;
import org.homelab.rollout.vault.PolicyConvergence;
import org.homelab.rollout.vault.VaultPolicies;
import org.homelab.rollout.vault.VaultTarget;
import org.homelab.rollout.vault.VaultTargets;

import org.springframework.vault.core.VaultOperations;

/** Vault's KV mount and policies as vault-setup converges them, for the plan preview. */
final class VaultPlan {

	private final VaultTargets targets;

	private final EngineAccess access;

	private final KvMountConvergence kvMount;

	private final PolicyConvergence policies;

	private final VaultPolicies documents;

	VaultPlan(VaultTargets targets, EngineAccess access, KvMountConvergence kvMount, PolicyConvergence policies,
			VaultPolicies documents) {
		this.targets = targets;
		this.access = access;
		this.kvMount = kvMount;
		this.policies = policies;
		this.documents = documents;
	}

	List<PlannedChange> entries(int phase, boolean vaultVmExists) {
		List<PlannedChange> changes = new ArrayList<>();
		String mount = this.kvMount.mount() + "/";
		var documents = this.documents.services();
		if (!vaultVmExists) {
			changes.add(new PlannedChange(phase, "vault", "kv-mount", mount, PlanAction.CREATE,
					"KV version 2, in the new Vault"));
			documents.forEach(document -> changes
				.add(new PlannedChange(phase, "vault", "policy", document.name(), PlanAction.CREATE, "")));
			return changes;
		}
		VaultTarget target = this.targets.target(null, null);
		try {
			VaultOperations vault = this.access.engineVault(target);
			Outcome mounted = this.kvMount.preview(target, vault);
			changes.add(new PlannedChange(phase, "vault", "kv-mount", mount,
					(mounted == Outcome.UNCHANGED) ? PlanAction.ADOPT : PlanAction.CREATE, "KV version 2"));
			this.policies.preview(target, vault, documents)
				.forEach((name, outcome) -> changes
					.add(new PlannedChange(phase, "vault", "policy", name, switch (outcome) {
						case CREATED -> PlanAction.CREATE;
						case UPDATED -> PlanAction.ADOPT_WITH_CHANGES;
						case UNCHANGED -> PlanAction.ADOPT;
					}, (outcome == Outcome.UPDATED) ? "differs: rules" : "")));
		}
		catch (RuntimeException ex) {
			changes.clear();
			changes
				.add(new PlannedChange(phase, "vault", "kv-mount", mount, PlanAction.BLOCKED, PlanPreview.message(ex)));
		}
		return changes;
	}

}
