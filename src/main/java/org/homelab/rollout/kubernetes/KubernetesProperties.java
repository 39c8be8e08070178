package org.homelab.rollout.kubernetes;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the rollout drives K3s: the namespace its HelmCharts live in (K3s's own charts are
 * in kube-system), the Helm Job's {@code backOffLimit} and {@code --timeout} (low, so a
 * broken chart fails instead of retrying 1000 times), where the per-release values files
 * are, how many log lines an incident quotes, and how often one call is retried.
 */
@ConfigurationProperties("rollout.kubernetes")
public record KubernetesProperties(@DefaultValue("kube-system") String chartNamespace,
		@DefaultValue("1") int backOffLimit, @DefaultValue("10m") Duration helmTimeout,
		@DefaultValue("./deploy/helm-values") Path valuesDir, @DefaultValue("15") int logTailLines,
		@DefaultValue("2") int requestRetries) {

	/** As helm's {@code --timeout} reads it, e.g. {@code 600s}. */
	String helmTimeoutFlag() {
		return this.helmTimeout.toSeconds() + "s";
	}

}
