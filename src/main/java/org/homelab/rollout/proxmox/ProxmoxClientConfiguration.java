package org.homelab.rollout.proxmox;

import java.util.Objects;

import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

import org.homelab.rollout.inventory.Inventory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ProxmoxClientProperties.class)
class ProxmoxClientConfiguration {

	/** The one shared OkHttp client (connection pool, dispatcher); systems derive theirs with newBuilder(). */
	@Bean
	@ConditionalOnMissingBean
	OkHttpClient okHttpClient() {
		return new OkHttpClient();
	}

	@Bean
	ProxmoxOperations proxmoxOperations(OkHttpClient shared, Inventory inventory, ProxmoxClientProperties properties) {
		return create(shared, inventory, properties, System::getenv);
	}

	static ProxmoxOperations create(OkHttpClient shared, Inventory inventory, ProxmoxClientProperties properties,
			java.util.function.Function<String, String> environment) {
		HttpUrl base = Objects.requireNonNull(HttpUrl.parse(inventory.proxmox().url().toString()),
				"inventory.proxmox.url");
		OkHttpClient.Builder builder = shared.newBuilder()
			.connectTimeout(properties.connectTimeout())
			.readTimeout(properties.readTimeout())
			// PVE never redirects the API; following one would leave the pinned host
			.followRedirects(false)
			.addInterceptor(new ProxmoxTokenAuth(base, inventory.proxmox(), environment));
		return new ProxmoxTemplate(ProxmoxTls.apply(inventory.proxmox(), builder).build(), base);
	}

}
