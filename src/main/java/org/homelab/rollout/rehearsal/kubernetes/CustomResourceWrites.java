package org.homelab.rollout.rehearsal.kubernetes;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * Writes of contract custom resources, checked as the API server checks them: the object
 * that would be stored (the body of a create or replace, the stored object with the patch
 * applied) is pruned, defaulted and validated against the CRD schema; a refused one gets
 * 422, an accepted one is stored as a replace of the pruned result.
 */
final class CustomResourceWrites {

	/** What the lab answered, and the contract verdict for the journal. */
	record Answer(MockResponse response, String verdict) {
	}

	private final Function<RecordedRequest, MockResponse> store;

	CustomResourceWrites(Function<RecordedRequest, MockResponse> store) {
		this.store = store;
	}

	Answer write(RecordedRequest request, ApiPath path, CrdSchema crd, String body) {
		ObjectNode candidate;
		try {
			candidate = candidate(request, path, body);
		}
		catch (UncheckedIOException | IllegalArgumentException | ClassCastException ex) {
			return new Answer(StatusBodies.failure(400, "BadRequest",
					"the body of the request could not be decoded: " + ex.getMessage()), "ok");
		}
		if (candidate == null) {
			return new Answer(notStored(request, path), "ok");
		}
		List<FieldError> errors = crd.admit(candidate);
		if (!errors.isEmpty()) {
			String name = candidate.path("metadata").path("name").asText(path.name());
			MockResponse refused = StatusBodies.invalid(crd, name, errors);
			return new Answer(refused, text(refused.getBody()));
		}
		HttpMethod method = request.method() == HttpMethod.POST ? HttpMethod.POST : HttpMethod.PUT;
		MockResponse stored = this.store.apply(rewrite(request, method, request.getPath(), candidate.toString()));
		if (stored.code() == 200 && (stored.getBody() == null || stored.getBody().size() == 0)) {
			// the mock answers the final removal of a finalized object without a body;
			// the API server sends the object
			stored.setBody(candidate.toString());
		}
		return new Answer(stored, crd.checked() ? "ok" : "unchecked");
	}

	/**
	 * The object that would be stored, or null when there is nothing to patch or the
	 * patch type is refused.
	 */
	private ObjectNode candidate(RecordedRequest request, ApiPath path, String body) {
		if (request.method() != HttpMethod.PATCH) {
			return (ObjectNode) Patches.parse(body);
		}
		MockResponse current = this.store.apply(get(request, path.objectPath()));
		if (current.code() != 200) {
			return null;
		}
		return Patches.apply(request.getHeader("Content-Type"), text(current.getBody()), body);
	}

	private MockResponse notStored(RecordedRequest request, ApiPath path) {
		MockResponse current = this.store.apply(get(request, path.objectPath()));
		if (current.code() != 200) {
			return StatusBodies.notFound(path.plural(), path.name());
		}
		return StatusBodies.failure(415, "UnsupportedMediaType",
				"the body of the request was in an unknown format - accepted media types include: " + Patches.JSON_PATCH
						+ ", " + Patches.MERGE_PATCH + ", " + Patches.APPLY_PATCH);
	}

	static RecordedRequest get(RecordedRequest like, String path) {
		return new RecordedRequest(like.getHttpVersion(), HttpMethod.GET, path, like.getHeaders(), new Buffer());
	}

	static RecordedRequest delete(RecordedRequest like, String path) {
		return new RecordedRequest(like.getHttpVersion(), HttpMethod.DELETE, path, like.getHeaders(), new Buffer());
	}

	static RecordedRequest rewrite(RecordedRequest like, HttpMethod method, String path, String json) {
		Headers headers = like.getHeaders().newBuilder().set("Content-Type", "application/json").build();
		return new RecordedRequest(like.getHttpVersion(), method, path, headers,
				new Buffer(json.getBytes(StandardCharsets.UTF_8)));
	}

	/**
	 * Reads a body without consuming it (the mock's buffers empty themselves on read).
	 */
	static String text(Buffer buffer) {
		return (buffer == null) ? "" : new String(buffer.getBytes(), StandardCharsets.UTF_8);
	}

	static String name(JsonNode object) {
		return object.path("metadata").path("name").asText("");
	}

}
