package org.homelab.rollout.argocd.steps;

import java.util.LinkedHashMap;
import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import org.homelab.rollout.eso.EsoConnection;
import org.homelab.rollout.kubernetes.ExternalSecrets;

/**
 * The ExternalSecret that delivers the gitops deploy token to Argo CD: ESO fills the
 * Secret {@code repo-gitops} in Argo CD's namespace with {@code username} and
 * {@code password} from Vault ({@code services/argocd/gitops-deploy-token}, keys
 * {@code username}, {@code token}) and merges in {@code type: git} and the repository's
 * {@code url}; its template labels the Secret
 * {@code argocd.argoproj.io/secret-type: repository}, by which Argo CD takes it for a
 * repository.
 */
public final class RepositorySecret {

	public static final String SECRET_TYPE_LABEL = "argocd.argoproj.io/secret-type";

	private RepositorySecret() {
	}

	@SuppressWarnings("unchecked")
	public static GenericKubernetesResource externalSecret(String namespace, String repositoryUrl) {
		Map<String, String> literals = new LinkedHashMap<>();
		literals.put("type", "git");
		literals.put("url", repositoryUrl);
		Map<String, String> keys = new LinkedHashMap<>();
		keys.put("username", ArgoCdSteps.DEPLOY_TOKEN_PATH + "#username");
		keys.put("password", ArgoCdSteps.DEPLOY_TOKEN_PATH + "#token");
		GenericKubernetesResource resource = ExternalSecrets.fromVault(namespace, ArgoCdSteps.REPOSITORY_SECRET,
				EsoConnection.STORE, keys, literals);
		Map<String, Object> spec = (Map<String, Object>) resource.getAdditionalProperties().get("spec");
		Map<String, Object> target = (Map<String, Object>) spec.get("target");
		Map<String, Object> template = new LinkedHashMap<>((Map<String, Object>) target.get("template"));
		template.put("metadata", Map.of("labels", Map.of(SECRET_TYPE_LABEL, "repository")));
		target.put("template", template);
		return resource;
	}

}
