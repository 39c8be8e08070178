package org.homelab.rollout.frontdoor;

import java.util.List;

import org.homelab.rollout.inventory.AccessSources;
import org.homelab.rollout.inventory.InventoryConfiguration;
import org.homelab.rollout.monitoring.MonitoringProperties;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The front door's services from the project's example inventory: GitLab guarded by
 * Authelia except on the paths the inventory lets through, the registry bypassed whole
 * and asked under /v2/.
 */
class ExposedServicesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withInitializer(new ConfigDataApplicationContextInitializer())
		// the example leaves Proxmox's TLS pin to the homelab
		.withPropertyValues("inventory.proxmox.fingerprint=" + "ab:".repeat(31) + "ab")
		.withUserConfiguration(InventoryConfiguration.class, Services.class);

	@Test
	void gitlabBypassesTheInventorysPathsAndTheRegistryIsAskedUnderV2() {
		this.runner.run(context -> {
			ExposedServices services = context.getBean(ExposedServices.class);
			ExposedService gitlab = services.of("gitlab");
			assertThat(gitlab.policy()).isEqualTo(AutheliaPolicy.ONE_FACTOR);
			assertThat(gitlab.bypassResources()).isEqualTo(FrontdoorProperties.DEFAULT_BYPASS_PATHS.get("gitlab"))
				.contains("^/api/");
			assertThat(gitlab.probePath()).isEqualTo("/");
			ExposedService registry = services.of("registry");
			assertThat(registry.policy()).isEqualTo(AutheliaPolicy.BYPASS);
			assertThat(registry.bypassResources()).isEmpty();
			assertThat(registry.probePath()).isEqualTo("/v2/");
			assertThat(services.of("grafana").bypassResources()).isEmpty();
		});
	}

	@Test
	void argoCdIsReachedAtItsNodePortOnAK3sNodeWithItsApiLetThrough() {
		this.runner.run(context -> {
			ExposedService argocd = context.getBean(ExposedServices.class).of("argocd");
			assertThat(argocd.domain()).startsWith("argocd.");
			assertThat(argocd.upstreamHost()).isEqualTo(context.getBean(AccessSources.class).k3sNodes().get(0));
			assertThat(argocd.upstreamPort()).isEqualTo(ExposedServices.ARGOCD_NODE_PORT);
			assertThat(argocd.policy()).isEqualTo(AutheliaPolicy.ONE_FACTOR);
			assertThat(argocd.bypassResources()).containsExactly("^/api/");
		});
	}

	@Test
	void theInventoryTurnsGitlabsBypassOffOrGivesAServiceItsOwn() {
		this.runner
			.withPropertyValues("inventory.frontdoor.bypass-paths.gitlab=",
					"inventory.frontdoor.bypass-paths.grafana[0]=^/api/health$",
					"inventory.frontdoor.bypass-paths.registry[0]=^/v2/")
			.run(context -> {
				ExposedServices services = context.getBean(ExposedServices.class);
				assertThat(services.of("gitlab").bypassResources()).isEmpty();
				assertThat(services.of("grafana").bypassResources()).isEqualTo(List.of("^/api/health$"));
				// bypassed on every path already: no second rule
				assertThat(services.of("registry").bypassResources()).isEmpty();
			});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ FrontdoorProperties.class, MonitoringProperties.class })
	static class Services {

		@Bean
		ExposedServices exposedServices(org.homelab.rollout.inventory.Inventory inventory,
				FrontdoorProperties frontdoor, MonitoringProperties monitoring, AccessSources access) {
			return new ExposedServices(inventory, frontdoor, monitoring, access);
		}

	}

}
