package org.homelab.rollout.backup.steps;

import java.util.Map;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.backup.PbsAccessOperations;

import org.springframework.stereotype.Component;

/**
 * The exporter's read-only token ({@code monitoring@pbs!pbs-exporter}, role Audit on
 * {@code /} for the user and the token, as docs/backup-monitoring.md says), its secret
 * straight into Vault ({@code services/proxmox-backup/exporter-token}, keys
 * {@code secret} and {@code token-id}). Adopted when Vault holds its secret, else made
 * anew. Flags say what this run made, for the undo.
 */
@Component
class EnsurePbsExporterTokenDelegate implements JavaDelegate {

	static final String ROLE = "Audit";

	private static final String COMMENT = "homelab-rollout: prometheus-pbs-exporter (read-only)";

	private final PbsSteps steps;

	EnsurePbsExporterTokenDelegate(PbsSteps steps) {
		this.steps = steps;
	}

	@Override
	public void execute(DelegateExecution execution) {
		PbsAccessOperations access = this.steps.client(execution).access();
		String user = PbsSteps.EXPORTER_USER;
		String name = PbsSteps.EXPORTER_TOKEN_NAME;
		String tokenId = user + "!" + name;
		boolean userCreated = access.ensureUser(user, COMMENT);
		boolean userGranted = access.grant("/", ROLE, user);
		boolean tokenCreated = false;
		boolean written = false;
		boolean lost = access.tokenExists(user, name)
				&& this.steps.read(this.steps.exporterToken(), PbsSteps.SECRET) == null;
		if (lost) {
			// its secret is nowhere: PBS cannot show it again
			access.deleteToken(user, name);
		}
		if (!access.tokenExists(user, name)) {
			access.createToken(user, name, COMMENT, secret -> this.steps.store(this.steps.exporterToken(),
					Map.of(PbsSteps.SECRET, secret.reveal(), PbsSteps.TOKEN_ID, secret.tokenId())));
			tokenCreated = true;
			written = true;
		}
		boolean tokenGranted = access.grant("/", ROLE, tokenId);
		EnsurePbsPveTokenDelegate.set(execution, PbsVariables.EXPORTER_USER_CREATED, userCreated);
		EnsurePbsPveTokenDelegate.set(execution, PbsVariables.EXPORTER_USER_GRANTED, userGranted);
		EnsurePbsPveTokenDelegate.set(execution, PbsVariables.EXPORTER_TOKEN_CREATED, tokenCreated);
		EnsurePbsPveTokenDelegate.set(execution, PbsVariables.EXPORTER_TOKEN_GRANTED, tokenGranted || tokenCreated);
		EnsurePbsPveTokenDelegate.set(execution, PbsVariables.EXPORTER_TOKEN_WRITTEN, written);
	}

}
