package org.homelab.rollout.rehearsal.kubernetes;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The External Secrets Operator's Vault provider, as far as the lab's stores use it:
 * Kubernetes auth login with a service account JWT, KV v1/v2 reads, and revoking its
 * token when done. TLS trusts exactly the store's CA.
 */
final class EsoVaultProvider {

	/**
	 * A failure with ESO's own wording; {@code detail} goes into the Event, as ESO
	 * reports it.
	 */
	static final class ProviderException extends Exception {

		ProviderException(String message) {
			super(message);
		}

	}

	/**
	 * The store's vault provider spec, resolved: server, KV path and version, auth, and
	 * its CA (PEM, or null).
	 */
	record Store(URI server, String path, String version, String authMount, String role, String caPem) {
	}

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final Store store;

	private final HttpClient http;

	EsoVaultProvider(Store store) throws ProviderException {
		this.store = store;
		this.http = HttpClient.newBuilder().sslContext(trust(store.caPem())).connectTimeout(TIMEOUT).build();
	}

	/** {@code POST /v1/auth/<mount>/login}: the client token. */
	String login(String jwt) throws ProviderException {
		JsonNode answer = send("POST", "auth/" + this.store.authMount() + "/login", null,
				Map.of("role", this.store.role(), "jwt", jwt));
		return answer.path("auth").path("client_token").asText();
	}

	/** The key's fields, or null when it does not exist. */
	Map<String, String> read(String token, String key) throws ProviderException {
		boolean v2 = !"v1".equals(this.store.version());
		String path = this.store.path() + (v2 ? "/data/" : "/") + key;
		JsonNode answer = send("GET", path, token, null);
		if (answer == null) {
			return null;
		}
		JsonNode data = v2 ? answer.path("data").path("data") : answer.path("data");
		Map<String, String> fields = new LinkedHashMap<>();
		data.properties()
			.forEach(e -> fields.put(e.getKey(),
					e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
		return fields;
	}

	void revoke(String token) {
		try {
			send("POST", "auth/token/revoke-self", token, Map.of());
		}
		catch (ProviderException ex) {
			// ESO ignores a failed revoke: the token expires with its TTL
		}
	}

	/** The answer's JSON; null for a 404 read; Vault's errors as ESO quotes them. */
	private JsonNode send(String method, String path, String token, Map<String, Object> body) throws ProviderException {
		URI uri = URI.create(this.store.server().toString().replaceAll("/+$", "") + "/v1/" + path);
		try {
			HttpRequest.Builder request = HttpRequest.newBuilder(uri)
				.timeout(TIMEOUT)
				.method(method, (body == null) ? HttpRequest.BodyPublishers.noBody()
						: HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
			if (token != null) {
				request.header("X-Vault-Token", token);
			}
			HttpResponse<String> answer = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			if (answer.statusCode() == 404 && "GET".equals(method)) {
				return null;
			}
			if (answer.statusCode() >= 400) {
				throw new ProviderException("Error making API request.\n\nURL: " + method + " " + uri + "\nCode: "
						+ answer.statusCode() + ". Errors:\n\n* " + errors(answer.body()));
			}
			return answer.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(answer.body());
		}
		catch (IOException ex) {
			throw new ProviderException(
					method + " " + uri + ": " + ex.getClass().getSimpleName() + ": " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ProviderException(method + " " + uri + ": interrupted");
		}
	}

	private static String errors(String body) {
		try {
			JsonNode errors = JSON.readTree(body).path("errors");
			return errors.isArray() && !errors.isEmpty() ? errors.get(0).asText() : body;
		}
		catch (IOException ex) {
			return body;
		}
	}

	private static SSLContext trust(String caPem) throws ProviderException {
		try {
			if (caPem == null) {
				return SSLContext.getDefault();
			}
			KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
			trust.load(null, null);
			int i = 0;
			for (Certificate certificate : CertificateFactory.getInstance("X.509")
				.generateCertificates(new ByteArrayInputStream(caPem.getBytes(StandardCharsets.UTF_8)))) {
				trust.setCertificateEntry("ca-" + i++, certificate);
			}
			if (i == 0) {
				throw new ProviderException("failed to parse certificates from CertPool");
			}
			TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			factory.init(trust);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, factory.getTrustManagers(), null);
			return context;
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new ProviderException("failed to parse certificates from CertPool: " + ex.getMessage());
		}
	}

}
