package org.homelab.rollout.kubernetes;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Argo CD's values file, rendered for its placement as the install step renders it, uses
 * only keys the pinned chart (argo-cd 10.1.1, see deploy/helm-values/README.md)
 * documents, and says what issue 16 asks: every component on k3s-cp-1 (the node selector
 * and the control-plane toleration), read-only by default with an admin role for the
 * operators' group, no anonymous access, metrics for Prometheus, and no secret.
 */
class ArgoCdValuesTests {

	private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

	private final HelmValues values = new HelmValues(Path.of("deploy/helm-values"), TestInventory.plan(""));

	@Test
	void everyKeyIsOneTheChartDocuments() throws IOException {
		List<String> unknown = ChartKeys.of("/charts/argo-cd-10.1.1.keys").unknown(render());

		assertThat(unknown).as("keys argo-cd 10.1.1 does not document").isEmpty();
	}

	@Test
	void argoCdRunsOnTheControlPlaneReadOnlyByDefaultWithoutAnonymousAccess() throws IOException {
		JsonNode rendered = render();

		assertThat(rendered.path("global").path("nodeSelector").path("kubernetes.io/hostname").asText())
			.isEqualTo("k3s-cp-1");
		JsonNode toleration = rendered.path("global").path("tolerations").path(0);
		assertThat(toleration.path("key").asText()).isEqualTo("node-role.kubernetes.io/control-plane");
		assertThat(toleration.path("effect").asText()).isEqualTo("NoSchedule");
		JsonNode rbac = rendered.path("configs").path("rbac");
		assertThat(rbac.path("policy.default").asText()).isEqualTo("role:readonly");
		assertThat(rbac.path("policy.csv").asText()).contains("g, admins, role:admin");
		JsonNode cm = rendered.path("configs").path("cm");
		assertThat(cm.path("users.anonymous.enabled").isBoolean()).isTrue();
		assertThat(cm.path("users.anonymous.enabled").asBoolean()).isFalse();
		assertThat(cm.path("exec.enabled").asBoolean(true)).isFalse();
		assertThat(cm.path("url").asText()).isEqualTo("https://argocd.homelab.lan");
		for (String component : List.of("controller", "server", "repoServer")) {
			assertThat(rendered.path(component).path("metrics").path("enabled").asBoolean()).as(component).isTrue();
		}
	}

	@Test
	void theChartKeepsItsOwnAdminPasswordSecret() throws IOException {
		JsonNode secret = render().path("configs").path("secret");

		// the chart then generates argocd-initial-admin-secret, which the install moves
		// into Vault and deletes
		assertThat(secret.has("argocdServerAdminPassword")).isFalse();
		assertThat(secret.has("argocdServerAdminPasswordMtime")).isFalse();
	}

	private JsonNode render() throws IOException {
		return YAML.readTree(this.values.render("argocd.yaml", this.values.node("argocd")));
	}

}
