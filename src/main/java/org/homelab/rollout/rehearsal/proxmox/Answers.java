package org.homelab.rollout.rehearsal.proxmox;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import mockwebserver3.MockResponse;

/**
 * Builds answers in pve-api-daemon's shape: {@code {"data":...}}, errors in the status
 * reason.
 */
final class Answers {

	static final ObjectMapper JSON = new ObjectMapper();

	private Answers() {
	}

	/**
	 * A list with the count of all its items beside it, as PVE sets the result's
	 * {@code total} attribute.
	 */
	record Listed(Object data, long total) {
	}

	static MockResponse data(Object data) {
		Map<String, Object> body = new LinkedHashMap<>();
		if (data instanceof Listed listed) {
			body.put("data", listed.data());
			body.put("total", listed.total());
		}
		else {
			body.put("data", data);
		}
		return response(200, "OK", body);
	}

	/**
	 * An error pve-http-server answers before any API handler runs: its error() puts the
	 * message in the body too, with no content type, and every answer from 400 up closes
	 * the connection.
	 */
	static MockResponse plain(int status, String reason, String body) {
		return new MockResponse.Builder().status("HTTP/1.1 " + status + " " + reasonLine(reason))
			.setHeader("Server", "pve-api-daemon/3.0")
			.setHeader("Cache-Control", "max-age=0")
			.setHeader("Pragma", "no-cache")
			.setHeader("Connection", "close")
			.body(body)
			.build();
	}

	static MockResponse error(PveError error) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("data", null);
		if (!error.errors().isEmpty()) {
			body.put("errors", error.errors());
		}
		return response(error.status(), error.getMessage(), body);
	}

	private static MockResponse response(int status, String reason, Object body) {
		try {
			return new MockResponse.Builder().status("HTTP/1.1 " + status + " " + reasonLine(reason))
				.setHeader("Content-Type", "application/json;charset=UTF-8")
				.setHeader("Server", "pve-api-daemon/3.0")
				.setHeader("Cache-Control", "max-age=0")
				.setHeader("Pragma", "no-cache")
				.body(JSON.writeValueAsString(body))
				.build();
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("cannot render an answer", ex);
		}
	}

	/**
	 * A status line holds one line: PVE drops the trailing newline of die messages and
	 * joins the rest.
	 */
	private static String reasonLine(String reason) {
		return reason.strip().replaceAll("[\\r\\n]+", " ");
	}

}
