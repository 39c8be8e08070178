package org.homelab.rollout.kubernetes;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A Helm release as the plan wants it: the HelmChart's name (the release), the chart, its
 * repository and version, the namespace it installs into (created if missing) and the
 * rendered values. Immutable; {@link #spec} is the HelmChart spec the rollout writes.
 */
public record HelmReleaseRequest(String name, String chart, String repo, String version, String targetNamespace,
		String valuesContent) {

	private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,51}[a-z0-9])?");

	public HelmReleaseRequest {
		require(name != null && DNS_LABEL.matcher(name).matches(),
				"release name '" + name + "' must be a DNS label of at most 53 characters (Helm's limit)");
		require(chart != null && !chart.isBlank(), "chart of release '" + name + "' is missing");
		require(targetNamespace != null && DNS_LABEL.matcher(targetNamespace).matches(),
				"namespace '" + targetNamespace + "' of release '" + name + "' must be a DNS label");
		valuesContent = (valuesContent == null) ? "" : valuesContent;
	}

	public static HelmReleaseRequest create(String name, String chart, String repo, String version,
			String targetNamespace, String valuesContent) {
		return new HelmReleaseRequest(name, chart, repo, version, targetNamespace, valuesContent);
	}

	/**
	 * The HelmChart spec: a low {@code backOffLimit} and a {@code timeout}, so a failure
	 * shows within minutes.
	 */
	Map<String, Object> spec(int backOffLimit, String timeout) {
		Map<String, Object> spec = new LinkedHashMap<>();
		spec.put("chart", this.chart);
		if (this.repo != null && !this.repo.isBlank()) {
			spec.put("repo", this.repo);
		}
		if (this.version != null && !this.version.isBlank()) {
			spec.put("version", this.version);
		}
		spec.put("targetNamespace", this.targetNamespace);
		spec.put("createNamespace", true);
		if (!this.valuesContent.isBlank()) {
			spec.put("valuesContent", this.valuesContent);
		}
		spec.put("backOffLimit", backOffLimit);
		spec.put("timeout", timeout);
		return spec;
	}

	private static void require(boolean condition, String message) {
		if (!condition) {
			throw new IllegalArgumentException(message);
		}
	}

}
