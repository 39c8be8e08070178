package org.homelab.rollout.kubernetes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;

/**
 * An Argo CD Application ({@code argoproj.io/v1alpha1}, in Argo CD's namespace): a path
 * of a Git repository (on the plan's GitLab) synced into a namespace of this cluster,
 * automatically, pruning and healing drift.
 */
public final class ArgoCdApplications {

	private static final String IN_CLUSTER = "https://kubernetes.default.svc";

	private ArgoCdApplications() {
	}

	public static GenericKubernetesResource of(String argocdNamespace, String name, String repoUrl, String path,
			String revision, String destinationNamespace) {
		Map<String, Object> source = new LinkedHashMap<>();
		source.put("repoURL", repoUrl);
		source.put("path", path);
		source.put("targetRevision", revision);
		Map<String, Object> spec = new LinkedHashMap<>();
		spec.put("project", "default");
		spec.put("source", source);
		spec.put("destination", Map.of("server", IN_CLUSTER, "namespace", destinationNamespace));
		spec.put("syncPolicy", Map.of("automated", Map.of("prune", true, "selfHeal", true), "syncOptions",
				List.of("CreateNamespace=true")));
		return new GenericKubernetesResourceBuilder().withApiVersion("argoproj.io/v1alpha1")
			.withKind("Application")
			.withNewMetadata()
			.withName(name)
			.withNamespace(argocdNamespace)
			.addToLabels(HelmCharts.MANAGED_BY, HelmCharts.ROLLOUT)
			.endMetadata()
			.addToAdditionalProperties("spec", spec)
			.build();
	}

}
