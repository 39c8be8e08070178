package org.homelab.rollout.gitlab;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A MockWebServer standing in for GitLab, the client pointed at it, and the checks every
 * request gets: method and encoded path as expected, the token in {@code PRIVATE-TOKEN}
 * and nowhere in the URL, and (by {@link #checkContract()}) each call declared in
 * GitLab's contract.
 */
final class GitlabTestServer implements AutoCloseable {

	static final String TOKEN = "glpat-Xq3v9ZsecretTOKENvalue1";

	private static final ObjectMapper JSON = new ObjectMapper();

	final MockWebServer server = new MockWebServer();

	final AtomicInteger tokenAsked = new AtomicInteger();

	private final List<String> calls = new ArrayList<>();

	GitlabOperations client;

	GitlabTestServer() throws IOException {
		this.server.start();
		this.client = GitlabClients.create(new OkHttpClient(), this.server.url("/"), null, Duration.ofSeconds(2),
				() -> {
					this.tokenAsked.incrementAndGet();
					return TOKEN;
				});
	}

	void answer(int code, String json) {
		this.server.enqueue(
				new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(json).build());
	}

	/**
	 * The next request, checked: method, encoded path (and query), token in the header
	 * only.
	 */
	RecordedRequest take(String method, String pathAndQuery) throws InterruptedException {
		RecordedRequest request = this.server.takeRequest(2, TimeUnit.SECONDS);
		assertThat(request).as("a request " + method + " " + pathAndQuery).isNotNull();
		assertThat(request.getMethod()).isEqualTo(method);
		assertThat(request.getTarget()).isEqualTo(pathAndQuery);
		assertThat(request.getHeaders().get("PRIVATE-TOKEN")).isEqualTo(TOKEN);
		assertThat(request.getUrl().toString()).doesNotContain(TOKEN).doesNotContain("private_token");
		this.calls.add(method + " " + request.getUrl().encodedPath());
		return request;
	}

	static JsonNode body(RecordedRequest request) throws IOException {
		assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
		return JSON.readTree(request.getBody().utf8());
	}

	void assertNoMoreRequests() throws InterruptedException {
		assertThat(this.server.takeRequest(100, TimeUnit.MILLISECONDS)).isNull();
	}

	/**
	 * Every call taken is one GitLab's published API declares (path template and method).
	 */
	void checkContract() {
		for (String call : this.calls) {
			String[] parts = call.split(" ", 2);
			assertThat(GitlabContract.declared(parts[0], parts[1])).as(call + " in " + GitlabContract.FILE).isNotNull();
		}
	}

	@Override
	public void close() {
		this.server.close();
	}

}
