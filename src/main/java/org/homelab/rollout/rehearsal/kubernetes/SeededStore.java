package org.homelab.rollout.rehearsal.kubernetes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.internal.MockDispatcher;
import io.fabric8.mockwebserver.internal.SimpleRequest;

/**
 * The API server's storage: fabric8's CRUD dispatcher behind the mock's few fixed answers
 * ({@code /}, {@code /version}), as {@code KubernetesMixedDispatcher} composes them, plus
 * a snapshot of the seeded cluster so a reset restores it at once instead of re-posting
 * megabytes of CRDs.
 */
final class SeededStore extends Dispatcher {

	private final Map<ServerRequest, Queue<ServerResponse>> expectations;

	private final MockDispatcher fixed;

	private final KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher();

	private Map<AttributeSet, String> seed = Map.of();

	SeededStore(Map<ServerRequest, Queue<ServerResponse>> expectations) {
		this.expectations = expectations;
		this.fixed = new MockDispatcher(expectations);
	}

	@Override
	public MockResponse dispatch(RecordedRequest request) {
		Queue<ServerResponse> queue = this.expectations
			.get(new SimpleRequest(HttpMethod.valueOf(request.getMethod()), request.getPath()));
		return (queue != null && !queue.isEmpty()) ? this.fixed.dispatch(request) : this.crud.dispatch(request);
	}

	/** Remembers the current objects as the seed. */
	void snapshot() {
		synchronized (this.crud.getMap()) {
			this.seed = new LinkedHashMap<>(this.crud.getMap());
		}
	}

	/**
	 * Back to the seed; the registered CRDs stay registered, resource versions keep
	 * counting up.
	 */
	void restore() {
		synchronized (this.crud.getMap()) {
			this.crud.getMap().clear();
			this.crud.getMap().putAll(this.seed);
		}
	}

	/**
	 * The paths of every object stored in a namespace, as the namespace controller finds
	 * them to delete.
	 */
	List<String> objectPathsIn(String namespace) {
		List<String> paths = new ArrayList<>();
		synchronized (this.crud.getMap()) {
			this.crud.getMap().forEach((key, json) -> {
				JsonNode object = Patches.parse(json);
				Attribute plural = key.getAttribute(KubernetesAttributesExtractor.PLURAL);
				if (plural == null || !namespace.equals(object.path("metadata").path("namespace").asText())) {
					return;
				}
				String apiVersion = object.path("apiVersion").asText();
				paths.add((apiVersion.contains("/") ? "/apis/" : "/api/") + apiVersion + "/namespaces/" + namespace
						+ "/" + plural.getValues().get(0) + "/" + object.path("metadata").path("name").asText());
			});
		}
		return paths;
	}

	@Override
	public void shutdown() {
		this.fixed.shutdown();
		this.crud.shutdown();
	}

	@Override
	public void releaseResources() {
		this.fixed.releaseResources();
		this.crud.releaseResources();
	}

}
