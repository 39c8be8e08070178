package org.homelab.rollout.gitlab;

import java.io.IOException;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * One exchange with GitLab's API v4: path segments encoded by
 * {@link HttpUrl.Builder#addPathSegment} (a project's full path becomes one
 * {@code %2F}-encoded id, as GitLab expects), JSON bodies, the token fetched from the
 * {@link GitlabTokenSource} for this call only and sent in the {@code PRIVATE-TOKEN}
 * header (never the query), and every failure translated by {@link GitlabErrors}. No
 * retries here: the engine's threads never sleep, the back-off is the step's job retry.
 */
final class GitlabHttp {

	static final ObjectMapper JSON = new ObjectMapper();

	private static final MediaType JSON_TYPE = MediaType.get("application/json");

	private final OkHttpClient http;

	private final HttpUrl base;

	private final GitlabTokenSource tokens;

	GitlabHttp(OkHttpClient http, HttpUrl base, GitlabTokenSource tokens) {
		this.http = http;
		this.base = base;
		this.tokens = tokens;
	}

	/** The TLS-verifying client, for the registry's API beside API v4. */
	OkHttpClient client() {
		return this.http;
	}

	/** GitLab's API v4 address. */
	HttpUrl base() {
		return this.base;
	}

	GitlabTokenSource tokens() {
		return this.tokens;
	}

	JsonNode get(Map<String, String> query, String... segments) {
		return call("GET", query, null, segments);
	}

	JsonNode post(Object body, String... segments) {
		return call("POST", Map.of(), body, segments);
	}

	JsonNode delete(String... segments) {
		return call("DELETE", Map.of(), null, segments);
	}

	private JsonNode call(String method, Map<String, String> query, Object body, String... segments) {
		String call = method + " " + this.base.encodedPath().replaceAll("/$", "") + "/" + String.join("/", segments);
		HttpUrl.Builder url = this.base.newBuilder();
		for (String segment : segments) {
			url.addPathSegment(segment);
		}
		query.forEach(url::addQueryParameter);
		String token = this.tokens.token();
		if (token == null || token.isBlank()) {
			throw new GitlabException(call, "No GitLab token for " + call
					+ ": the engine's token is missing from Vault; create it (gitlab-rails runner) and store it.",
					false, null);
		}
		try {
			RequestBody content = (body != null) ? RequestBody.create(JSON.writeValueAsBytes(body), JSON_TYPE) : null;
			Request request = new Request.Builder().url(url.build())
				.header("PRIVATE-TOKEN", token)
				.header("Accept", "application/json")
				.method(method, content)
				.build();
			try (Response response = this.http.newCall(request).execute()) {
				String text = response.body().string();
				if (!response.isSuccessful()) {
					throw GitlabErrors.fromStatus(call, response.code(), scrub(said(text, response.message()), token));
				}
				return parse(call, text);
			}
		}
		catch (IOException ex) {
			GitlabException translated = GitlabErrors.fromTransport(call, ex);
			if (translated.getMessage().contains(token)) {
				return failWithout(call, token, translated);
			}
			throw translated;
		}
	}

	/**
	 * A 2xx answer that is not JSON (a proxy's page, a wrong address) is not transient.
	 */
	private static JsonNode parse(String call, String text) {
		try {
			return text.isBlank() ? JSON.nullNode() : JSON.readTree(text);
		}
		catch (IOException ex) {
			throw new GitlabException(call,
					"GitLab's answer to " + call + " is not JSON: check that the GitLab address"
							+ " points at GitLab itself (https://gitlab.<domain>), not at a portal or another service.",
					false, null);
		}
	}

	private static JsonNode failWithout(String call, String token, GitlabException ex) {
		throw new GitlabException(call, scrub(ex.getMessage(), token), ex.isTransient(), null);
	}

	/** GitLab's {@code message} (a text or per-field errors) or {@code error}. */
	private static String said(String body, String reason) {
		try {
			JsonNode node = JSON.readTree(body);
			JsonNode message = node.has("message") ? node.get("message") : node.path("error");
			if (!message.isMissingNode() && !message.isNull()) {
				String said = message.isTextual() ? message.asText() : message.toString();
				if (node.hasNonNull("error_code")) {
					// e.g. a revert's conflict or empty: the same message, told apart
					// only here
					said = said + " (error_code " + node.get("error_code").asText() + ")";
				}
				return node.has("error_description") ? said + ": " + node.get("error_description").asText() : said;
			}
		}
		catch (IOException ex) {
			// not JSON (a proxy's error page): the status line says enough
		}
		return reason;
	}

	private static String scrub(String text, String token) {
		return (text == null) ? null : text.replace(token, "[token]");
	}

}
