package org.homelab.rollout.rehearsal.proxmox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.net.ssl.X509TrustManager;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.tls.HandshakeCertificates;

/**
 * A plain OkHttp client for the tests, talking to the lab as the product's client would
 * (TLS verified).
 */
public final class PveClient {

	/** An answer: status code, status reason and the parsed body. */
	public record Answer(int code, String reason, JsonNode body) {

		public JsonNode data() {
			return this.body.path("data");
		}

	}

	private static final ObjectMapper JSON = new ObjectMapper();

	private final OkHttpClient http;

	private final String base;

	private final Map<String, String> headers;

	PveClient(OkHttpClient http, String base, Map<String, String> headers) {
		this.http = http;
		this.base = base;
		this.headers = headers;
	}

	/** Trusts the lab's CA only, and authenticates with its API token. */
	public static PveClient trusting(ProxmoxLab lab) {
		return new PveClient(http(lab), lab.url(), Map.of("Authorization", lab.apiTokenHeader()));
	}

	static OkHttpClient http(ProxmoxLab lab) {
		HandshakeCertificates trust = new HandshakeCertificates.Builder().addTrustedCertificate(lab.caCertificate())
			.build();
		return http(trust.sslSocketFactory(), trust.trustManager());
	}

	static OkHttpClient http(javax.net.ssl.SSLSocketFactory factory, X509TrustManager trustManager) {
		return new OkHttpClient.Builder().sslSocketFactory(factory, trustManager)
			.readTimeout(Duration.ofSeconds(5))
			.build();
	}

	PveClient with(Map<String, String> otherHeaders) {
		return new PveClient(this.http, this.base, otherHeaders);
	}

	public Answer get(String path, String... query) {
		HttpUrl.Builder url = HttpUrl.get(this.base + path).newBuilder();
		for (int i = 0; i < query.length; i += 2) {
			url.addQueryParameter(query[i], query[i + 1]);
		}
		return call(new Request.Builder().url(url.build()).get());
	}

	public Answer post(String path, String... form) {
		return call(new Request.Builder().url(this.base + path).post(form(form)));
	}

	public Answer put(String path, String... form) {
		return call(new Request.Builder().url(this.base + path).put(form(form)));
	}

	Answer delete(String path, String... query) {
		HttpUrl.Builder url = HttpUrl.get(this.base + path).newBuilder();
		for (int i = 0; i < query.length; i += 2) {
			url.addQueryParameter(query[i], query[i + 1]);
		}
		return call(new Request.Builder().url(url.build()).delete());
	}

	Answer call(Request.Builder request) {
		this.headers.forEach(request::header);
		try (Response response = this.http.newCall(request.build()).execute()) {
			String body = response.body().string();
			return new Answer(response.code(), response.message(), parse(body));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The API answers JSON; pve-http-server's own refusals answer their message as plain
	 * text.
	 */
	private static JsonNode parse(String body) {
		if (body.isEmpty()) {
			return JSON.nullNode();
		}
		try {
			return JSON.readTree(body);
		}
		catch (JsonProcessingException ex) {
			return JSON.getNodeFactory().textNode(body);
		}
	}

	/** Polls the task until it stops and returns its final status. */
	public JsonNode waitFor(String upid) {
		String node = upid.split(":")[1];
		Instant deadline = Instant.now().plusSeconds(15);
		while (Instant.now().isBefore(deadline)) {
			JsonNode status = get("/nodes/" + node + "/tasks/" + upid + "/status").data();
			if ("stopped".equals(status.path("status").asText())) {
				return status;
			}
			sleep(20);
		}
		throw new AssertionError("task did not end: " + upid);
	}

	List<String> log(String upid) {
		List<String> lines = new ArrayList<>();
		// PVE answers 50 lines unless asked for more; a clone's progress alone is 101
		get("/nodes/" + upid.split(":")[1] + "/tasks/" + upid + "/log", "limit", "1000").data()
			.forEach(l -> lines.add(l.path("t").asText()));
		return lines;
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static RequestBody form(String... pairs) {
		FormBody.Builder form = new FormBody.Builder();
		for (int i = 0; i < pairs.length; i += 2) {
			form.add(pairs[i], pairs[i + 1]);
		}
		return form.build();
	}

}
