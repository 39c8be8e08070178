package org.homelab.rollout.backup;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Binds and checks {@code inventory.backup} at start-up, naming a bad property. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BackupInventory.class)
class BackupInventoryConfiguration {

}
