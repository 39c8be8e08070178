package org.homelab.rollout.backup.steps;

import java.util.Map;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.backup.BackupToken;
import org.homelab.rollout.backup.PbsAccessOperations;

import org.springframework.stereotype.Component;

/**
 * Proxmox VE's token for its pbs storage ({@code pve-backup@pbs!pve}, DatastoreBackup on
 * {@code /datastore/<store>} only), its secret straight into Vault
 * ({@code services/proxmox-backup/pve-token}, keys {@code secret} and the non-secret
 * {@code token-id}). An existing token whose secret Vault holds is adopted; one whose
 * secret Vault lacks cannot be shown again, so it is deleted and made anew (the run then
 * owns it). Flags say what this run made, for the undo; a retry keeps flags set before.
 */
@Component
class EnsurePbsPveTokenDelegate implements JavaDelegate {

	private static final String COMMENT = "homelab-rollout: Proxmox VE's backups (Phase 4)";

	private final PbsSteps steps;

	EnsurePbsPveTokenDelegate(PbsSteps steps) {
		this.steps = steps;
	}

	@Override
	public void execute(DelegateExecution execution) {
		String store = this.steps.backup().datastore();
		PbsAccessOperations access = this.steps.client(execution).access();
		String tokenId = PbsSteps.PVE_USER + "!" + PbsSteps.PVE_TOKEN_NAME;
		boolean[] written = { false };
		BackupToken made = access.ensureBackupToken(PbsSteps.PVE_USER, PbsSteps.PVE_TOKEN_NAME, store, COMMENT,
				secret -> {
					this.steps.store(this.steps.pveToken(),
							Map.of(PbsSteps.SECRET, secret.reveal(), PbsSteps.TOKEN_ID, secret.tokenId()));
					written[0] = true;
				});
		boolean tokenCreated = made.tokenCreated();
		if (!tokenCreated && this.steps.read(this.steps.pveToken(), PbsSteps.SECRET) == null) {
			// adopted, but its secret is nowhere: make it anew
			access.deleteToken(PbsSteps.PVE_USER, PbsSteps.PVE_TOKEN_NAME);
			BackupToken again = access.ensureBackupToken(PbsSteps.PVE_USER, PbsSteps.PVE_TOKEN_NAME, store, COMMENT,
					secret -> {
						this.steps.store(this.steps.pveToken(),
								Map.of(PbsSteps.SECRET, secret.reveal(), PbsSteps.TOKEN_ID, secret.tokenId()));
						written[0] = true;
					});
			tokenCreated = again.tokenCreated();
		}
		execution.setVariable(PbsVariables.TOKEN_ID, tokenId);
		set(execution, PbsVariables.PVE_USER_CREATED, made.userCreated());
		set(execution, PbsVariables.PVE_USER_GRANTED, made.userGranted());
		set(execution, PbsVariables.PVE_TOKEN_CREATED, tokenCreated);
		set(execution, PbsVariables.PVE_TOKEN_GRANTED, made.tokenGranted() || tokenCreated);
		set(execution, PbsVariables.PVE_TOKEN_WRITTEN, written[0]);
	}

	static void set(DelegateExecution execution, String flag, boolean made) {
		if (made) {
			execution.setVariable(flag, true);
		}
	}

}
