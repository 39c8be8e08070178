package org.homelab.rollout.rehearsal.gitlab;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One API v4 request: {@code segments} after {@code /api/v4}, each URL-decoded (a
 * project's {@code group%2Fproject} is one segment), the query decoded, the JSON body or
 * an empty object.
 */
record ApiRequest(String method, List<String> segments, Map<String, String> query, JsonNode body,
		GitlabState.Token token) {

	static final ObjectMapper JSON = new ObjectMapper();

	/** What a route answers: status and JSON (null for no content). */
	record Reply(int status, JsonNode body) {

		static Reply of(int status, JsonNode body) {
			return new Reply(status, body);
		}

		static Reply message(int status, String message) {
			return new Reply(status, JSON.createObjectNode().put("message", message));
		}

		static Reply notFound(String what) {
			return message(404, "404 " + what + " Not Found");
		}

		/** GitLab's answer to a model that did not save: the field's errors. */
		static Reply taken(String field) {
			ObjectNode errors = JSON.createObjectNode();
			errors.putArray(field).add("has already been taken");
			return new Reply(400, JSON.createObjectNode().set("message", errors));
		}

		static Reply noContent() {
			return new Reply(204, null);
		}

	}

	boolean is(String verb, int length) {
		return this.method.equals(verb) && this.segments.size() == length;
	}

	String segment(int index) {
		return this.segments.get(index);
	}

	String text(String field) {
		JsonNode value = this.body.get(field);
		return (value != null && !value.isNull()) ? value.asText() : null;
	}

	static ObjectNode object() {
		return JSON.createObjectNode();
	}

}
