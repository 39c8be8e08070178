package org.homelab.rollout.rehearsal.gitlab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.homelab.rollout.rehearsal.LabGuest;
import org.homelab.rollout.rehearsal.RehearsalLab;

/**
 * The GitLab VM as the engine reaches it ({@link LabGuest}), and its GitLab as a plain
 * HTTP client does.
 */
final class GitlabVm extends LabGuest {

	static final ObjectMapper JSON = new ObjectMapper();

	private final String address;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	GitlabVm(RehearsalLab lab, int vmid, String address) {
		super(lab, vmid);
		this.address = address;
	}

	/** An HTTP call to GitLab at the VM's address; {@code token} may be null. */
	Http call(String method, String path, String token, String json) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + this.address + path))
			.timeout(Duration.ofSeconds(10))
			.method(method,
					(json != null) ? HttpRequest.BodyPublishers.ofString(json) : HttpRequest.BodyPublishers.noBody());
		if (json != null) {
			request.header("Content-Type", "application/json");
		}
		if (token != null) {
			request.header("PRIVATE-TOKEN", token);
		}
		try {
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			String body = response.body();
			JsonNode node = (body.startsWith("{") || body.startsWith("[")) ? JSON.readTree(body) : JSON.nullNode();
			return new Http(response.statusCode(), body, node);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	record Http(int status, String text, JsonNode json) {
	}

}
