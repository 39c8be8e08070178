package org.homelab.rollout.rehearsal.kubernetes;

import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * Server-side apply, which the CRUD mock lacks, for a lab with one field manager per
 * object: applying to a missing object creates it, applying to an existing one merges the
 * configuration into it (a JSON merge patch).
 */
final class ServerSideApply {

	private ServerSideApply() {
	}

	/**
	 * The create or merge-patch request equivalent to the apply, or empty when the
	 * configuration is unreadable.
	 */
	static Optional<RecordedRequest> convert(RecordedRequest request, ApiPath at, String body,
			Function<RecordedRequest, MockResponse> store) {
		JsonNode applied;
		try {
			applied = Patches.parseYaml(body);
		}
		catch (UncheckedIOException ex) {
			return Optional.empty();
		}
		if (!applied.isObject() || at.name() == null) {
			return Optional.empty();
		}
		if (applied.path("metadata").isObject()) {
			((ObjectNode) applied.get("metadata")).remove("managedFields");
		}
		MockResponse current = store.apply(CustomResourceWrites.get(request, at.objectPath()));
		if (current.code() == 404 && at.subresource() == null) {
			return Optional
				.of(CustomResourceWrites.rewrite(request, HttpMethod.POST, at.collectionPath(), applied.toString()));
		}
		RecordedRequest merge = CustomResourceWrites.rewrite(request, HttpMethod.PATCH, request.getPath(),
				applied.toString());
		return Optional.of(new RecordedRequest(merge.getHttpVersion(), HttpMethod.PATCH, merge.getPath(),
				merge.getHeaders().newBuilder().set("Content-Type", Patches.MERGE_PATCH).build(), merge.getBody()));
	}

}
