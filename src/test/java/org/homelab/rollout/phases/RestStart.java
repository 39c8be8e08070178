package org.homelab.rollout.phases;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A phase started over REST as CI starts it (user ci), answering what REST answered. */
final class RestStart {

	private final HttpClient http = HttpClient.newHttpClient();

	private final String url;

	RestStart(int port, String processKey) {
		this.url = "http://localhost:" + port + "/engine-rest/process-definition/key/" + processKey + "/start";
	}

	HttpResponse<String> start(String businessKey, String variables) throws Exception {
		String body = "{\"businessKey\": \"" + businessKey + "\", \"variables\": " + variables + "}";
		String basic = Base64.getEncoder().encodeToString("ci:ci".getBytes(StandardCharsets.UTF_8));
		return this.http.send(HttpRequest.newBuilder(URI.create(this.url))
			.header("Authorization", "Basic " + basic)
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString(body))
			.build(), BodyHandlers.ofString());
	}

}
