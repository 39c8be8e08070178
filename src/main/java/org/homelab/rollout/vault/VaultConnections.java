package org.homelab.rollout.vault;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.vault.authentication.SessionManager;
import org.springframework.vault.authentication.SimpleSessionManager;
import org.springframework.vault.authentication.TokenAuthentication;
import org.springframework.vault.client.VaultEndpoint;
import org.springframework.vault.core.VaultOperations;
import org.springframework.vault.core.VaultTemplate;
import org.springframework.vault.support.VaultToken;

/**
 * Spring Vault templates for a {@link VaultTarget}, over one JDK HTTP client per target
 * whose TLS trusts exactly the target's CA (hostnames verified). Anonymous templates
 * serve the unauthenticated sys/init, unseal and health calls.
 */
@Component
public class VaultConnections {

	private final Duration timeout;

	private final Map<VaultTarget, ClientHttpRequestFactory> factories = new ConcurrentHashMap<>();

	public VaultConnections() {
		this(Duration.ofSeconds(30));
	}

	/**
	 * {@code rollout.vault.request-timeout}: how long a call may go unanswered before it
	 * counts as a transient fault (and the step is retried).
	 */
	@Autowired
	public VaultConnections(@Value("${rollout.vault.request-timeout:30s}") Duration timeout) {
		this.timeout = timeout;
	}

	/** For calls Vault answers without a token; any call needing one fails saying so. */
	public VaultOperations anonymous(VaultTarget target) {
		SessionManager none = () -> {
			throw new VaultSetupException("Calling Vault at " + target + " needs a token, and none was given");
		};
		return new VaultTemplate(VaultEndpoint.from(target.address()), factory(target), none);
	}

	public VaultOperations withToken(VaultTarget target, VaultToken token) {
		return new VaultTemplate(VaultEndpoint.from(target.address()), factory(target),
				new SimpleSessionManager(new TokenAuthentication(token)));
	}

	private ClientHttpRequestFactory factory(VaultTarget target) {
		return this.factories.computeIfAbsent(target, t -> {
			HttpClient client = HttpClient.newBuilder()
				.sslContext(VaultTls.context(t.caFile()))
				.connectTimeout(this.timeout)
				.build();
			JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(client);
			factory.setReadTimeout(this.timeout);
			return factory;
		});
	}

}
