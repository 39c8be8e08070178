package org.homelab.rollout.argocd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
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
 * One exchange with Argo CD's REST API: path segments encoded by
 * {@link HttpUrl.Builder#addPathSegment} (a repository URL becomes one
 * {@code %2F}-encoded segment, as Argo CD expects), JSON bodies, every failure translated
 * by {@link ArgoCdErrors}. Authentication is a session: {@code POST /api/v1/session} with
 * the username and the password asked of the {@link ArgoCdPasswordSource} for that login
 * only, then {@code Authorization: Bearer <token>}. The session token stays in memory
 * while it is valid (until its {@code exp}, or a 401), never in a log or a message. No
 * retries here beyond one fresh login after a 401: the back-off is the step's job retry.
 */
final class ArgoCdHttp {

	static final ObjectMapper JSON = new ObjectMapper();

	private static final MediaType JSON_TYPE = MediaType.get("application/json");

	/** A session is renewed this long before its token expires. */
	private static final Duration MARGIN = Duration.ofMinutes(1);

	private final OkHttpClient http;

	private final HttpUrl base;

	private final String username;

	private final ArgoCdPasswordSource passwords;

	private final Clock clock;

	// the session: kept only while valid, never shown
	private Session session;

	ArgoCdHttp(OkHttpClient http, HttpUrl base, String username, ArgoCdPasswordSource passwords, Clock clock) {
		this.http = http;
		this.base = base;
		this.username = username;
		this.passwords = passwords;
		this.clock = clock;
	}

	JsonNode get(Map<String, String> query, String... segments) {
		return call("GET", query, null, segments);
	}

	JsonNode post(Map<String, String> query, Object body, String... segments) {
		return call("POST", query, body, segments);
	}

	JsonNode put(Object body, String... segments) {
		return call("PUT", Map.of(), body, segments);
	}

	JsonNode delete(Map<String, String> query, String... segments) {
		return call("DELETE", query, null, segments);
	}

	/** Logs in now (a fresh session), proving the address and the password. */
	void login() {
		synchronized (this) {
			this.session = null;
		}
		token();
	}

	/** {@code GET /api/version}, beside {@code /api/v1}: anonymous, no session. */
	JsonNode version() {
		HttpUrl url = this.base.newBuilder()
			.removePathSegment(this.base.pathSize() - 1)
			.addPathSegment("version")
			.build();
		return send("GET " + url.encodedPath(), new Request.Builder().url(url).header("Accept", "application/json"),
				"GET", null);
	}

	/** Forgets the session: the next call logs in again. */
	synchronized void logout() {
		this.session = null;
	}

	JsonNode call(String method, Map<String, String> query, Object body, String... segments) {
		return callHolding(method, query, body, null, segments);
	}

	/**
	 * A call whose body may hold {@code secret} (a repository's password): scrubbed from
	 * whatever an error says.
	 */
	JsonNode callHolding(String method, Map<String, String> query, Object body, String secret, String... segments) {
		String token = token();
		try {
			return exchange(method, query, body, token, secret, segments);
		}
		catch (ArgoCdApiException ex) {
			if (ex.status() != 401) {
				throw ex;
			}
			// the session ended early (Argo CD restarted with a new key, password
			// changed): one fresh login, then the call once more
			synchronized (this) {
				if (this.session != null && this.session.token().equals(token)) {
					this.session = null;
				}
			}
			return exchange(method, query, body, token(), secret, segments);
		}
	}

	private JsonNode exchange(String method, Map<String, String> query, Object body, String bearer, String secret,
			String... segments) {
		String call = method + " " + path(segments);
		HttpUrl.Builder url = this.base.newBuilder();
		for (String segment : segments) {
			url.addPathSegment(segment);
		}
		query.forEach(url::addQueryParameter);
		Request.Builder request = new Request.Builder().url(url.build()).header("Accept", "application/json");
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		return send(call, request, method, body, bearer, secret);
	}

	private JsonNode send(String call, Request.Builder request, String method, Object body, String... secrets) {
		try {
			RequestBody content = (body != null) ? RequestBody.create(JSON.writeValueAsBytes(body), JSON_TYPE)
					: (method.equals("POST") || method.equals("PUT")) ? RequestBody.create(new byte[0], JSON_TYPE)
							: null;
			try (Response response = this.http.newCall(request.method(method, content).build()).execute()) {
				String text = response.body().string();
				if (!response.isSuccessful()) {
					JsonNode error = tree(text);
					String said = error.path("message").asText(error.path("error").asText(response.message()));
					throw ArgoCdErrors.fromStatus(call, response.code(), error.path("code").asInt(0),
							scrub(said, secrets));
				}
				return parse(call, text);
			}
		}
		catch (IOException ex) {
			ArgoCdException translated = ArgoCdErrors.fromTransport(call, ex);
			String message = scrub(translated.getMessage(), secrets);
			if (!message.equals(translated.getMessage())) {
				throw new ArgoCdException(call, message, translated.isTransient(), null);
			}
			throw translated;
		}
	}

	/** The valid session's token, logging in when there is none. */
	private synchronized String token() {
		if (this.session != null && this.clock.instant().isBefore(this.session.expires().minus(MARGIN))) {
			return this.session.token();
		}
		this.session = null;
		String call = "POST " + path("session");
		String password = this.passwords.password();
		if (password == null || password.isEmpty()) {
			throw ArgoCdErrors.noPassword(call);
		}
		Map<String, String> credentials = new LinkedHashMap<>();
		credentials.put("username", this.username);
		credentials.put("password", password);
		HttpUrl url = this.base.newBuilder().addPathSegment("session").build();
		JsonNode answer;
		try {
			answer = send(call, new Request.Builder().url(url).header("Accept", "application/json"), "POST",
					credentials, password);
		}
		catch (ArgoCdApiException ex) {
			if (ex.status() == 401) {
				throw new ArgoCdApiException(call, "Argo CD refused the login of '" + this.username + "' (401 '"
						+ ex.said() + "') on " + call + ". The password in Vault is not Argo CD's current one:"
						+ " check services/argocd/admin-password against argocd-initial-admin-secret (before the move)"
						+ " or reset it with argocd account update-password.", 401, ex.code(), ex.said(), false);
			}
			throw ex;
		}
		String token = answer.path("token").asText("");
		if (token.isEmpty()) {
			throw new ArgoCdException(call,
					"Argo CD's answer to " + call + " holds no token: check that rollout.argocd.url is argocd-server.",
					false, null);
		}
		this.session = new Session(token, expiry(token));
		return token;
	}

	/** The JWT's {@code exp}; a day from now when it has none (Argo CD's default). */
	private Instant expiry(String jwt) {
		String[] parts = jwt.split("\\.");
		if (parts.length == 3) {
			try {
				JsonNode claims = JSON
					.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
				if (claims.path("exp").canConvertToLong()) {
					return Instant.ofEpochSecond(claims.path("exp").asLong());
				}
			}
			catch (IOException | IllegalArgumentException ex) {
				// not a JWT we can read: assume the default lifetime
			}
		}
		return this.clock.instant().plus(Duration.ofHours(24));
	}

	/**
	 * A resource as the API takes it: without {@code apiVersion} and {@code kind}, which
	 * the endpoint implies (the API's objects do not declare them).
	 */
	static Map<String, Object> withoutTypeMeta(Map<String, Object> manifest) {
		Map<String, Object> body = new LinkedHashMap<>(manifest);
		body.remove("apiVersion");
		body.remove("kind");
		return body;
	}

	private String path(String... segments) {
		return this.base.encodedPath().replaceAll("/$", "") + "/" + String.join("/", segments);
	}

	private static JsonNode tree(String text) {
		try {
			return text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
		}
		catch (IOException ex) {
			return JSON.createObjectNode(); // a proxy's page: the status line says enough
		}
	}

	private static JsonNode parse(String call, String text) {
		try {
			return text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
		}
		catch (IOException ex) {
			throw ArgoCdErrors.notJson(call);
		}
	}

	private static String scrub(String text, String... secrets) {
		String scrubbed = text;
		for (String secret : secrets) {
			if (scrubbed != null && secret != null && !secret.isEmpty()) {
				scrubbed = scrubbed.replace(secret, "[secret]");
			}
		}
		return scrubbed;
	}

	@Override
	public String toString() {
		return "ArgoCdHttp[" + this.base + "]";
	}

	/** A session token and when it expires; never printed. */
	private record Session(String token, Instant expires) {

		@Override
		public String toString() {
			return "Session[expires=" + this.expires + "]";
		}

	}

}
