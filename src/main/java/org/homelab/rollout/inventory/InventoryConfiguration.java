package org.homelab.rollout.inventory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/**
 * Binds and validates the inventory at start-up: a broken one stops the application
 * naming the property.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ Inventory.class, AccessSources.class })
public class InventoryConfiguration {

}
