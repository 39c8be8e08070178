package org.homelab.rollout.rehearsal.vault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Raw HTTP calls for the contract tests, where Spring Vault would hide the status codes.
 */
final class VaultClient {

	/** A status and the parsed JSON body (a missing node when empty). */
	record Answer(int status, JsonNode body) {

		String error() {
			return this.body.path("errors").path(0).asText(null);
		}

	}

	private static final ObjectMapper MAPPER = new ObjectMapper();

	private final OkHttpClient http;

	private final URI base;

	VaultClient(URI base) {
		this(base, new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(10)).build());
	}

	VaultClient(URI base, OkHttpClient http) {
		this.base = base;
		this.http = http;
	}

	Answer call(String method, String path, String token, String json) {
		RequestBody body = (json != null) ? RequestBody.create(json, MediaType.get("application/json"))
				: ("POST".equals(method) || "PUT".equals(method)) ? RequestBody.create(new byte[0]) : null;
		Request.Builder request = new Request.Builder().url(this.base + "/v1/" + path).method(method, body);
		if (token != null) {
			request.header("X-Vault-Token", token);
		}
		try (Response response = this.http.newCall(request.build()).execute()) {
			String text = response.body().string();
			return new Answer(response.code(), text.isEmpty() ? MAPPER.missingNode() : MAPPER.readTree(text));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	Answer get(String path, String token) {
		return call("GET", path, token, null);
	}

	Answer post(String path, String token, String json) {
		return call("POST", path, token, json);
	}

	/** Initialises with 3 shares (threshold 2), unseals, and returns the root token. */
	String initAndUnseal() {
		JsonNode init = post("sys/init", null, "{\"secret_shares\":3,\"secret_threshold\":2}").body();
		post("sys/unseal", null, "{\"key\":\"" + init.path("keys").path(0).asText() + "\"}");
		post("sys/unseal", null, "{\"key\":\"" + init.path("keys_base64").path(2).asText() + "\"}");
		return init.path("root_token").asText();
	}

}
