package org.homelab.rollout.rehearsal.monitoring;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * The part of kube-controller-manager that fills
 * {@code kubernetes.io/service-account-token} Secrets: a token and the cluster CA,
 * shortly after the Secret is created. The lab's API server accepts these tokens, held to
 * their account's RBAC (Prometheus scrapes through it with one); the engine only hands
 * them on.
 */
public final class TokenController implements AutoCloseable {

	private final Supplier<KubernetesClient> client;

	private final String caPem;

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
		Thread thread = new Thread(r, "lab-token-controller");
		thread.setDaemon(true);
		return thread;
	});

	public TokenController(Supplier<KubernetesClient> client, String caPem) {
		this.client = client;
		this.caPem = caPem;
	}

	public TokenController start() {
		this.scheduler.scheduleWithFixedDelay(this::fill, 100, 100, TimeUnit.MILLISECONDS);
		return this;
	}

	private void fill() {
		try {
			for (Secret secret : this.client.get().secrets().inAnyNamespace().list().getItems()) {
				if ("kubernetes.io/service-account-token".equals(secret.getType())
						&& (secret.getData() == null || !secret.getData().containsKey("token"))) {
					secret.setData(Map.of("token", encode(token(secret)), "ca.crt", encode(this.caPem), "namespace",
							encode(secret.getMetadata().getNamespace())));
					this.client.get().resource(secret).update();
				}
			}
		}
		catch (KubernetesClientException ex) {
			// a race with a delete or an update: the next round sees the current state
		}
	}

	private static String token(Secret secret) {
		byte[] random = new byte[32];
		new SecureRandom().nextBytes(random);
		return "eyJhbGciOiJSUzI1NiJ9." + Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(("{\"sub\":\"system:serviceaccount:" + secret.getMetadata().getNamespace() + ":"
					+ secret.getMetadata().getAnnotations().get("kubernetes.io/service-account.name") + "\"}")
				.getBytes(StandardCharsets.UTF_8)) + "." + HexFormat.of().formatHex(random);
	}

	private static String encode(String text) {
		return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
	}

}
