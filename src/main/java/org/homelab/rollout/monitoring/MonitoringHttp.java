package org.homelab.rollout.monitoring;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * One HTTP exchange with Prometheus or Grafana; failures name the system, the call and
 * its answer.
 */
final class MonitoringHttp {

	static final ObjectMapper JSON = new ObjectMapper();

	private static final MediaType APPLICATION_JSON = MediaType.get("application/json");

	private final OkHttpClient http;

	private final String system;

	MonitoringHttp(OkHttpClient http, String system) {
		this.http = http;
		this.system = system;
	}

	/** The answer's status and body; transport failures are {@link Unreachable}. */
	Answer get(String url, String authorization) {
		return exchange(request(url, authorization).get().build());
	}

	Answer post(String url, String authorization, Object body) {
		try {
			return exchange(request(url, authorization)
				.post(RequestBody.create(JSON.writeValueAsString(body), APPLICATION_JSON))
				.build());
		}
		catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
			throw new IllegalArgumentException("cannot write the request body as JSON", ex);
		}
	}

	private static Request.Builder request(String url, String authorization) {
		Request.Builder request = new Request.Builder().url(url).header("Accept", "application/json");
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return request;
	}

	private Answer exchange(Request request) {
		String call = request.method() + " " + request.url().encodedPath();
		try (Response response = this.http.newCall(request).execute()) {
			return new Answer(this.system, call, response.code(), response.body().string());
		}
		catch (IOException ex) {
			throw new Unreachable(this.system + " at " + request.url().scheme() + "://" + request.url().host() + ":"
					+ request.url().port() + " did not answer " + call + " (" + ex.getClass().getSimpleName() + ": "
					+ ex.getMessage() + ")", ex);
		}
	}

	/** What the server answered. */
	record Answer(String system, String call, int status, String body) {

		boolean ok() {
			return this.status >= 200 && this.status < 300;
		}

		JsonNode json() {
			try {
				return JSON.readTree(this.body);
			}
			catch (IOException ex) {
				throw new MonitoringException(this.system + " answered " + this.call + " with HTTP " + this.status
						+ " and no JSON: " + abbreviate(this.body), ex);
			}
		}

		/**
		 * The body as JSON if the status is 2xx, else an exception quoting the answer.
		 */
		JsonNode expectOk() {
			if (!ok()) {
				throw new MonitoringException(this.system + " answered " + this.call + " with HTTP " + this.status
						+ ": " + abbreviate(this.body));
			}
			return json();
		}

		private static String abbreviate(String text) {
			String line = text.strip().replaceAll("\\s+", " ");
			return (line.length() > 300) ? line.substring(0, 300) + "…" : line;
		}

	}

	/** The server did not answer at all (not yet started, down, wrong address). */
	static final class Unreachable extends MonitoringException {

		Unreachable(String message, Throwable cause) {
			super(message, cause);
		}

	}

}
