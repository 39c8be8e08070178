package org.homelab.rollout.kubernetes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class HelmValuesTests {

	private final HelmValues values = new HelmValues(Path.of("deploy/helm-values"), TestInventory.plan(""));

	@Test
	void gpuRunnerValuesPlaceTheRunnerAndItsJobsOnTheGpuWorker() {
		String node = this.values.node("runnerGpu");
		JsonNode rendered = yaml(this.values.render("gitlab-runner-gpu.yaml", node));

		assertThat(node).isEqualTo("k3s-w-1");
		assertThat(rendered.path("nodeSelector").path("kubernetes.io/hostname").asString()).isEqualTo("k3s-w-1");
		assertThat(rendered.path("runners").path("config").asString())
			.contains("\"kubernetes.io/hostname\" = \"k3s-w-1\"", "runtime_class_name = \"nvidia\"");
		assertThat(rendered.path("gitlabUrl").asString()).isEqualTo("https://gitlab.homelab.lan/");
	}

	@Test
	void generalRunnerValuesPlaceTheRunnerOnTheOtherWorker() {
		JsonNode rendered = yaml(this.values.render("gitlab-runner-general.yaml", this.values.node("runnerGeneral")));

		assertThat(rendered.path("nodeSelector").path("kubernetes.io/hostname").asString()).isEqualTo("k3s-w-2");
		assertThat(rendered.path("runners").path("config").asString())
			.contains("\"kubernetes.io/hostname\" = \"k3s-w-2\"");
	}

	@Test
	void argoCdValuesPlaceEveryComponentOnTheControlPlane() {
		JsonNode rendered = yaml(this.values.render("argocd.yaml", this.values.node("argocd")));

		assertThat(rendered.path("global").path("nodeSelector").path("kubernetes.io/hostname").asString())
			.isEqualTo("k3s-cp-1");
		assertThat(rendered.path("global").path("domain").asString()).isEqualTo("argocd.homelab.lan");
	}

	@Test
	void externalSecretsValuesNeedNoPlacement() {
		assertThat(yaml(this.values.render("external-secrets.yaml", this.values.node(null))).path("installCRDs")
			.asBoolean()).isTrue();
	}

	@Test
	void aPlacementMustNameAPlacementKeyOrANodeOfTheInventory() {
		assertThat(this.values.node("k3s-w-2")).isEqualTo("k3s-w-2");
		assertThat(this.values.node("")).isEmpty();
		assertThatIllegalArgumentException().isThrownBy(() -> this.values.node("k3s-w-9"))
			.withMessageContaining("inventory.k3s.nodes");
	}

	@Test
	void anUnknownFactIsRefusedNamingTheKnownOnes(@TempDir Path dir) throws IOException {
		Files.writeString(dir.resolve("x.yaml"), "nodeSelector:\n  kubernetes.io/hostname: ${nodes}\n");
		HelmValues custom = new HelmValues(dir, TestInventory.plan(""));

		assertThatIllegalArgumentException().isThrownBy(() -> custom.render("x.yaml", "k3s-w-1"))
			.withMessageContaining("[nodes]")
			.withMessageContaining("placement.runnerGpu");
	}

	@Test
	void aReleaseWithoutPlacementCannotUseTheNodeFact() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.values.render("argocd.yaml", ""))
			.withMessageContaining("without placement");
	}

	@Test
	void valuesCarryingASecretValueAreRefusedNamingTheKeyNotTheValue(@TempDir Path dir) throws IOException {
		Files.writeString(dir.resolve("leak.yaml"), "runners:\n  secret: gitlab-runner\n  runnerToken: glrt-s3cr3t\n");
		HelmValues custom = new HelmValues(dir, TestInventory.plan(""));

		assertThatIllegalArgumentException().isThrownBy(() -> custom.render("leak.yaml", ""))
			.withMessageContaining("runners.runnerToken")
			.withMessageNotContaining("glrt-s3cr3t");
	}

	@Test
	void aReferenceIsAFileNameInTheValuesDirectoryNotAPath() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.values.render("../../etc/passwd", ""));
	}

	@Test
	void everyShippedValuesFileRendersForEveryNodeWithoutSecretValues() throws IOException {
		List<Path> files;
		try (Stream<Path> list = Files.list(Path.of("deploy/helm-values"))) {
			files = list.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
		}
		assertThat(files).hasSizeGreaterThanOrEqualTo(4);
		for (Path file : files) {
			for (String node : List.of("k3s-cp-1", "k3s-w-1", "k3s-w-2")) {
				assertThat(yaml(this.values.render(file.getFileName().toString(), node)).isObject()).isTrue();
			}
		}
	}

	private static JsonNode yaml(String text) {
		return Serialization.yamlMapper().readTree(text);
	}

}
