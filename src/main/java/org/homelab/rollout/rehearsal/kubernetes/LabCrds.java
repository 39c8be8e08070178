package org.homelab.rollout.rehearsal.kubernetes;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The lab's own definitions of the kinds its controllers serve, registered where a
 * contract CRD is absent: names, version, scope and status subresource, as the API server
 * needs them to serve and discover the kind, and a schema that keeps whatever it is
 * given. They check nothing; that is the contracts' part.
 */
final class LabCrds {

	/** A kind as its contract CRD file ({@code group_plural.yaml}) would define it. */
	record Kind(String file, String group, String version, String kind, String plural, boolean namespaced,
			boolean statusSubresource) {

		String name() {
			return this.plural + "." + this.group;
		}

	}

	static final List<Kind> KINDS = List.of(
			new Kind("helm.cattle.io_helmcharts.yaml", "helm.cattle.io", "v1", "HelmChart", "helmcharts", true, true),
			new Kind("helm.cattle.io_helmchartconfigs.yaml", "helm.cattle.io", "v1", "HelmChartConfig",
					"helmchartconfigs", true, false),
			new Kind("external-secrets.io_clustersecretstores.yaml", "external-secrets.io", "v1", "ClusterSecretStore",
					"clustersecretstores", false, true),
			new Kind("external-secrets.io_externalsecrets.yaml", "external-secrets.io", "v1", "ExternalSecret",
					"externalsecrets", true, true),
			new Kind("argoproj.io_applications.yaml", "argoproj.io", "v1alpha1", "Application", "applications", true,
					false),
			new Kind("argoproj.io_appprojects.yaml", "argoproj.io", "v1alpha1", "AppProject", "appprojects", true,
					false));

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private LabCrds() {
	}

	static Optional<Kind> forFile(String file) {
		return KINDS.stream().filter(kind -> kind.file().equals(file)).findFirst();
	}

	/** Any object goes: the API server keeps every field. */
	static JsonNode anything() {
		return NODES.objectNode().put("type", "object").put("x-kubernetes-preserve-unknown-fields", true);
	}

	static ObjectNode definition(Kind kind) {
		ObjectNode crd = NODES.objectNode()
			.put("apiVersion", "apiextensions.k8s.io/v1")
			.put("kind", "CustomResourceDefinition");
		crd.putObject("metadata").put("name", kind.name());
		ObjectNode spec = crd.putObject("spec").put("group", kind.group());
		spec.putObject("names")
			.put("kind", kind.kind())
			.put("listKind", kind.kind() + "List")
			.put("plural", kind.plural())
			.put("singular", kind.kind().toLowerCase());
		spec.put("scope", kind.namespaced() ? "Namespaced" : "Cluster");
		ObjectNode version = spec.putArray("versions")
			.addObject()
			.put("name", kind.version())
			.put("served", true)
			.put("storage", true);
		version.putObject("schema").set("openAPIV3Schema", anything());
		if (kind.statusSubresource()) {
			version.putObject("subresources").putObject("status");
		}
		return crd;
	}

}
