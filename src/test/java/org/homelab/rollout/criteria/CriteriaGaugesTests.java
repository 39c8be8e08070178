package org.homelab.rollout.criteria;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** One gauge per phase and criterion, holding the latest check. */
class CriteriaGaugesTests {

	@Test
	void theLatestCheckOfACriterionIsWhatPrometheusReads() {
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		CriteriaGauges gauges = new CriteriaGauges(registry);
		gauges.record(4, "proxmoxBackupOperational", true);
		gauges.record(4, "backupSchedulesConfigured", false);
		gauges.record(4, "proxmoxBackupOperational", false);
		String scraped = registry.scrape();
		assertThat(scraped)
			.contains("homelab_rollout_criterion{criterion=\"proxmoxBackupOperational\",phase=\"4\"} 0.0")
			.contains("homelab_rollout_criterion{criterion=\"backupSchedulesConfigured\",phase=\"4\"} 0.0")
			.doesNotContain("} 1.0");
		gauges.record(4, "backupSchedulesConfigured", true);
		assertThat(registry.scrape())
			.contains("homelab_rollout_criterion{criterion=\"backupSchedulesConfigured\",phase=\"4\"} 1.0");
	}

}
