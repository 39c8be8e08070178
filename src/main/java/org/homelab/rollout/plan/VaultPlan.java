package org.homelab.rollout.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.homelab.rollout.vault.EngineAccess;
import org.homelab.rollout.vault.KvMountConvergence;
import org.homelab.rollout.vault.Outcome;
import org.homelab.rollout.vault.PolicyConvergence;
import org.homelab.rollout.vault.VaultPolicies;
import org.homelab.rollout.vault.VaultSeal;
import org.homelab.rollout.vault.VaultTarget;
import org.homelab.rollout.vault.VaultTargets;

import org.springframework.vault.core.VaultOperations;

/** Vault's KV mount and policies as vault-setup converges them, for the plan preview. */
final class VaultPlan {

	/** sys/health's answers (Vault's API docs). */
	private static final int NOT_INITIALISED = 501;

	private static final int SEALED = 503;

	private final VaultTargets targets;

	private final EngineAccess access;

	private final VaultSeal seal;

	private final KvMountConvergence kvMount;

	private final PolicyConvergence policies;

	private final VaultPolicies documents;

	VaultPlan(VaultTargets targets, EngineAccess access, VaultSeal seal, KvMountConvergence kvMount,
			PolicyConvergence policies, VaultPolicies documents) {
		this.targets = targets;
		this.access = access;
		this.seal = seal;
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
		Optional<String> unreadable = unreadable(target);
		if (unreadable.isPresent()) {
			// a Vault a cancelled or crashed run left uninitialised, sealed or
			// without the engine's token: the run's vault-setup initialises or
			// unseals it, or recovers the token (with the kept key shares, or their
			// holders) before it writes
			String detail = "not readable yet: " + unreadable.get() + "; vault-setup sees to it first";
			changes.add(new PlannedChange(phase, "vault", "kv-mount", mount, PlanAction.CREATE, detail));
			documents.forEach(document -> changes
				.add(new PlannedChange(phase, "vault", "policy", document.name(), PlanAction.CREATE, detail)));
			return changes;
		}
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

	/**
	 * Why Vault's mounts cannot be read now, in a way vault-setup repairs; else empty.
	 */
	private Optional<String> unreadable(VaultTarget target) {
		Optional<Integer> health;
		try {
			health = this.seal.listening(target);
		}
		catch (RuntimeException ex) {
			// a listener that is no Vault of ours: the read below says so, blocked
			return Optional.empty();
		}
		if (health.isEmpty()) {
			return Optional.of("no Vault answers at " + target + " (its VM boots, or it is not installed yet)");
		}
		if (health.get() == NOT_INITIALISED) {
			return Optional.of("the Vault at " + target + " is not initialised");
		}
		if (health.get() == SEALED) {
			return Optional.of("the Vault at " + target + " is sealed");
		}
		if (!this.access.holdsEngineToken()) {
			return Optional.of("the engine holds no Vault token");
		}
		return Optional.empty();
	}

}
