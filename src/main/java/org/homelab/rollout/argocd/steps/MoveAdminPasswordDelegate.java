package org.homelab.rollout.argocd.steps;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.argocd.ArgoCdApiException;
import org.homelab.rollout.argocd.ArgoCdException;
import org.homelab.rollout.argocd.ArgoCdOperations;
import org.homelab.rollout.argocd.ArgoCdPasswordSource;
import org.homelab.rollout.kubernetes.ClusterConnection;
import org.homelab.rollout.vault.EngineSecrets;
import org.homelab.rollout.vault.SecretReference;
import org.homelab.rollout.vault.SecretWriter;
import org.homelab.rollout.vault.VaultTarget;

import org.springframework.stereotype.Component;

/**
 * Moves Argo CD's admin password into Vault, as Argo CD advises: a new password is
 * generated straight into Vault ({@code services/argocd/admin-password}, key
 * {@code password}), set with {@code PUT /api/v1/account/password} (logged in with the
 * chart's {@code argocd-initial-admin-secret}), then that Secret is deleted. Looks first:
 * the password in Vault is tried before the initial one, so a retry after the Vault write
 * but before the change (or after the change but before the delete) finishes the move
 * instead of failing, and a re-run finds the move done. Neither password leaves this
 * step's memory.
 */
@Component
class MoveAdminPasswordDelegate implements JavaDelegate {

	private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

	/** Argo CD takes 8 to 32 characters. */
	private static final int LENGTH = 32;

	private static final SecureRandom RANDOM = new SecureRandom();

	private final ArgoCdSteps steps;

	private final SecretWriter writer;

	private final EngineSecrets secrets;

	private final ClusterConnection cluster;

	MoveAdminPasswordDelegate(ArgoCdSteps steps, SecretWriter writer, EngineSecrets secrets,
			ClusterConnection cluster) {
		this.steps = steps;
		this.writer = writer;
		this.secrets = secrets;
		this.cluster = cluster;
	}

	@Override
	public void execute(DelegateExecution execution) {
		VaultTarget vault = this.steps.vault(execution);
		SecretReference stored = this.steps.adminPassword();
		// where argocd-server answered (wait-argocd-answering), else found now
		String url = this.steps.url(execution.getVariables());
		KubernetesClient k3s = this.cluster.client();
		String ns = this.steps.namespace();
		boolean inVault = this.writer.exists(vault, stored);
		boolean initialThere = initial(k3s, ns) != null;
		boolean storedWorks = inVault && logsIn(this.steps.argocd(vault, url));
		boolean moved = false;
		if (!storedWorks) {
			if (!initialThere) {
				throw new ArgoCdException("POST /api/v1/session",
						(inVault ? "Argo CD refused the admin password in Vault (" + stored + ")"
								: "Vault holds no Argo CD admin password (" + stored + ")") + " and "
								+ ArgoCdSteps.INITIAL_SECRET + " in " + "namespace " + ns
								+ " is gone, so the engine cannot log in: reset the admin "
								+ "password (argocd account update-password, or bcrypt it into argocd-secret), write "
								+ "it to Vault at " + stored + " (key password), then retry.",
						false, null);
			}
			if (!inVault) {
				// generated here and gone with this frame: the process gets only the path
				this.secrets.replace(vault, stored, ArgoCdSteps.PASSWORD_KEY, generate());
			}
			ArgoCdPasswordSource initial = () -> initialPassword(k3s, ns);
			this.steps.argocd(initial, url).updatePassword(initial, this.steps.storedPassword(vault));
			this.steps.argocd(vault, url).login();
			moved = true;
		}
		boolean deleted = initialThere
				&& !k3s.secrets().inNamespace(ns).withName(ArgoCdSteps.INITIAL_SECRET).delete().isEmpty();
		execution.setVariable(ArgoCdVariables.URL, url);
		execution.setVariable(ArgoCdVariables.ADMIN_PASSWORD_PATH, stored.toString());
		// a move this run finished: its own, also when an earlier attempt of it wrote
		// Vault or changed the password (the initial Secret was still there)
		execution.setVariable(ArgoCdVariables.ADMIN_PASSWORD_STORED, moved || (storedWorks && initialThere));
		execution.setVariable(ArgoCdVariables.INITIAL_SECRET_DELETED, deleted);
	}

	/**
	 * Whether Argo CD takes the password in Vault; a refusal is an answer, not a fault.
	 */
	private static boolean logsIn(ArgoCdOperations argocd) {
		try {
			argocd.login();
			return true;
		}
		catch (ArgoCdApiException ex) {
			if (ex.status() == 401) {
				return false;
			}
			throw ex;
		}
	}

	private static Secret initial(KubernetesClient k3s, String ns) {
		return k3s.secrets().inNamespace(ns).withName(ArgoCdSteps.INITIAL_SECRET).get();
	}

	/** Read when the client asks, decoded, never kept. */
	private static String initialPassword(KubernetesClient k3s, String ns) {
		Secret secret = initial(k3s, ns);
		String encoded = (secret == null || secret.getData() == null) ? null
				: secret.getData().get(ArgoCdSteps.PASSWORD_KEY);
		return (encoded == null) ? null : new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
	}

	private static String generate() {
		StringBuilder password = new StringBuilder(LENGTH);
		for (int i = 0; i < LENGTH; i++) {
			password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
		}
		return password.toString();
	}

}
