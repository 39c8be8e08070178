package org.homelab.rollout.frontdoor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.homelab.rollout.inventory.AccessSources;
import org.homelab.rollout.inventory.Inventory;
import org.homelab.rollout.monitoring.MonitoringProperties;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The front door's services, file editors, script and probe, from the inventory.
 * Authelia's published schema is used where it is at hand ({@code ../shared/contracts});
 * the frontend's {@code authelia validate-config} checks every change anyway.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FrontdoorProperties.class)
public class FrontdoorConfiguration {

	@Bean
	ExposedServices exposedServices(Inventory inventory, FrontdoorProperties frontdoor, MonitoringProperties monitoring,
			AccessSources access) {
		return new ExposedServices(inventory, frontdoor, monitoring, access);
	}

	@Bean
	FrontdoorFiles frontdoorFiles(FrontdoorProperties frontdoor,
			@Value("${rollout.frontdoor.authelia-schema:../shared/contracts/authelia-configuration-schema.json}") String schemaFile) {
		Path schema = Path.of(schemaFile);
		return new FrontdoorFiles(
				new NginxServerBlocks(frontdoor.templates(), frontdoor.autheliaHost(), frontdoor.autheliaPort()),
				new AutheliaAccessControl(Files.isRegularFile(schema) ? schema : null), new HomepageServices());
	}

	@Bean
	FrontdoorScript frontdoorScript(FrontdoorProperties frontdoor) {
		return new FrontdoorScript(frontdoor);
	}

	@Bean
	FrontdoorProbe frontdoorProbe(Inventory inventory, FrontdoorProperties frontdoor) {
		return new FrontdoorProbe(inventory.frontend().address(), frontdoor.httpsPort(), frontdoor.caFile(),
				Duration.ofSeconds(10));
	}

}
