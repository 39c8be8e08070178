package org.homelab.rollout.argocd;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the engine asks of a new Application: a directory of plain manifests in a Git
 * repository, deployed to a namespace of a cluster, in a project, optionally synced
 * automatically with self-heal and prune.
 *
 * @param name the Application's name
 * @param project its AppProject ({@code default} when blank)
 * @param repoUrl the repository, e.g.
 * {@code https://gitlab.homelab.lan/homelab/gitops.git}
 * @param path the directory in it
 * @param targetRevision a branch, tag or commit ({@code HEAD} when blank)
 * @param destinationServer the cluster's API ({@code https://kubernetes.default.svc} for
 * Argo CD's own)
 * @param destinationNamespace where namespaced resources without a namespace go
 * @param automated whether Argo CD syncs by itself
 * @param selfHeal whether it undoes changes made by hand (with {@code automated})
 * @param prune whether it deletes resources gone from Git (with {@code automated})
 */
public record ArgoCdApplicationSpec(String name, String project, String repoUrl, String path, String targetRevision,
		String destinationServer, String destinationNamespace, boolean automated, boolean selfHeal, boolean prune) {

	/** Argo CD's in-cluster destination. */
	public static final String IN_CLUSTER = "https://kubernetes.default.svc";

	/** The Application resource ({@code argoproj.io/v1alpha1}) in Argo CD's namespace. */
	public Map<String, Object> manifest(String namespace) {
		Map<String, Object> metadata = new LinkedHashMap<>();
		metadata.put("name", this.name);
		metadata.put("namespace", namespace);
		Map<String, Object> source = new LinkedHashMap<>();
		source.put("repoURL", this.repoUrl);
		source.put("path", this.path);
		source.put("targetRevision", blank(this.targetRevision) ? "HEAD" : this.targetRevision);
		Map<String, Object> destination = new LinkedHashMap<>();
		destination.put("server", blank(this.destinationServer) ? IN_CLUSTER : this.destinationServer);
		if (!blank(this.destinationNamespace)) {
			destination.put("namespace", this.destinationNamespace);
		}
		Map<String, Object> spec = new LinkedHashMap<>();
		spec.put("project", blank(this.project) ? "default" : this.project);
		spec.put("source", source);
		spec.put("destination", destination);
		if (this.automated) {
			Map<String, Object> automatedPolicy = new LinkedHashMap<>();
			automatedPolicy.put("prune", this.prune);
			automatedPolicy.put("selfHeal", this.selfHeal);
			spec.put("syncPolicy",
					Map.of("automated", automatedPolicy, "syncOptions", List.of("CreateNamespace=true")));
		}
		Map<String, Object> application = new LinkedHashMap<>();
		application.put("apiVersion", "argoproj.io/v1alpha1");
		application.put("kind", "Application");
		application.put("metadata", metadata);
		application.put("spec", spec);
		return application;
	}

	private static boolean blank(String value) {
		return value == null || value.isBlank();
	}

}
