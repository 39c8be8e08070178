package org.homelab.rollout.sops;

import java.security.SecureRandom;
import java.time.Clock;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The commit scan and SOPS encryption for the recipients of the inventory, for the phases
 * that commit to GitLab (docs/secrets-in-git.md).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SopsProperties.class)
public class SopsConfiguration {

	@Bean
	CommitScan commitScan() {
		return new CommitScan();
	}

	@Bean
	SopsYaml sopsYaml(SopsProperties sops) {
		return new SopsYaml(sops.recipients(), Clock.systemUTC(), new SecureRandom());
	}

}
