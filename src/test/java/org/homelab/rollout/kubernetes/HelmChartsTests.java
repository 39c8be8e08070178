package org.homelab.rollout.kubernetes;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When an existing HelmChart counts as the release the plan wants, and which fields the
 * plan preview names when it does not: the same rules applyChart adopts by.
 */
class HelmChartsTests {

	private static final Map<String, Object> WANTED = HelmReleaseRequest
		.create("kube-state-metrics", "kube-state-metrics", "https://prometheus-community.github.io/helm-charts", null,
				"kube-system", "replicas: 1\n")
		.spec(1, "10m0s");

	@Test
	void theSameSpecDiffersInNothingThoughTheServerAddedItsDefaultsAndLongs() {
		Map<String, Object> stored = new LinkedHashMap<>(WANTED);
		stored.put("backOffLimit", 1L);
		stored.put("driver", "secret");
		stored.put("failurePolicy", "reinstall");
		assertThat(HelmCharts.sameSpec(WANTED, stored)).isTrue();
		assertThat(HelmCharts.differingFields(WANTED, stored)).isEmpty();
	}

	@Test
	void changedMissingAndAddedFieldsAreNamed() {
		Map<String, Object> stored = new LinkedHashMap<>(WANTED);
		stored.put("valuesContent", "replicas: 2\n");
		stored.remove("timeout");
		stored.put("version", "5.0.0");
		stored.put("failurePolicy", "abort");
		assertThat(HelmCharts.sameSpec(WANTED, stored)).isFalse();
		assertThat(HelmCharts.differingFields(WANTED, stored)).containsExactly("failurePolicy", "timeout",
				"valuesContent", "version");
	}

}
