package org.homelab.rollout.proxmox;

import java.util.Objects;
import java.util.function.Function;

import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.homelab.rollout.inventory.Inventory;
import org.homelab.rollout.inventory.ProxmoxSite;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ProxmoxClientProperties.class)
class ProxmoxClientConfiguration {

	/**
	 * The one shared OkHttp client (connection pool, dispatcher); systems derive theirs
	 * with newBuilder().
	 */
	@Bean
	@ConditionalOnMissingBean
	OkHttpClient okHttpClient() {
		return new OkHttpClient();
	}

	@Bean
	ProxmoxOperations proxmoxOperations(OkHttpClient shared, Inventory inventory, ProxmoxClientProperties properties) {
		return create(shared, inventory.proxmox(), properties, System::getenv);
	}

	@Bean
	ProxmoxVersionCheck proxmoxVersionCheck(ProxmoxOperations proxmox, Inventory inventory) {
		return new ProxmoxVersionCheck(proxmox, inventory.proxmox().url());
	}

	static ProxmoxOperations create(OkHttpClient shared, ProxmoxSite site, ProxmoxClientProperties properties,
			Function<String, String> environment) {
		HttpUrl base = Objects.requireNonNull(HttpUrl.parse(site.url().toString()), "inventory.proxmox.url");
		OkHttpClient.Builder builder = shared.newBuilder()
			.connectTimeout(properties.connectTimeout())
			.readTimeout(properties.readTimeout())
			// PVE never redirects the API; following one would leave the pinned host
			.followRedirects(false)
			.addInterceptor(new ProxmoxTokenAuth(base, site, environment));
		return new ProxmoxTemplate(ProxmoxTls.apply(site, builder).build(), base, properties.requestRetries());
	}

}
