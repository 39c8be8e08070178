package org.homelab.rollout.rehearsal.vault;

import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import mockwebserver3.MockResponse;

/**
 * An answer with Vault's status codes and body shapes; errors always as {@code {"errors":
 * [...]}}.
 */
record Reply(int status, JsonNode body) {

	static final String PERMISSION_DENIED = "permission denied";

	/** The standard response envelope around {@code data}. */
	static Reply data(JsonNode data) {
		ObjectNode body = envelope();
		body.set("data", data);
		return new Reply(200, body);
	}

	/** The envelope with an {@code auth} block, as token creation and logins answer. */
	static Reply auth(JsonNode auth) {
		ObjectNode body = envelope();
		body.putNull("data");
		body.set("auth", auth);
		return new Reply(200, body);
	}

	static Reply json(int status, JsonNode body) {
		return new Reply(status, body);
	}

	static Reply noContent() {
		return new Reply(204, null);
	}

	static Reply error(int status, String... messages) {
		ObjectNode body = Json.object();
		ArrayNode errors = body.putArray("errors");
		for (String message : messages) {
			errors.add(message);
		}
		return new Reply(status, body);
	}

	static Reply badRequest(String message) {
		return error(400, message);
	}

	/** A missing secret or entry: 404 with an empty error list, as Vault answers. */
	static Reply notFound() {
		return error(404);
	}

	/** Vault wraps router errors in a go-multierror text. */
	static String multi(String message) {
		return "1 error occurred:\n\t* " + message + "\n\n";
	}

	static Reply unsupportedPath() {
		return error(404, multi("unsupported path"));
	}

	static Reply unsupportedOperation() {
		return error(405, multi("unsupported operation"));
	}

	static Reply sealed() {
		return error(503, "Vault is sealed");
	}

	MockResponse toMockResponse() {
		MockResponse.Builder builder = new MockResponse.Builder().code(this.status)
			.setHeader("Cache-Control", "no-store");
		// like Go's net/http, never a body with 204 (health may be asked to answer 204)
		if (this.body != null && this.status != 204) {
			try {
				builder.setHeader("Content-Type", "application/json").body(Json.MAPPER.writeValueAsString(this.body));
			}
			catch (JsonProcessingException ex) {
				throw new IllegalStateException("Cannot write a Vault reply", ex);
			}
		}
		return builder.build();
	}

	private static ObjectNode envelope() {
		ObjectNode body = Json.object();
		body.put("request_id", UUID.randomUUID().toString());
		body.put("lease_id", "");
		body.put("renewable", false);
		body.put("lease_duration", 0);
		body.putNull("wrap_info");
		body.putNull("warnings");
		body.putNull("auth");
		return body;
	}

}
