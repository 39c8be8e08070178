package org.homelab.rollout.rehearsal.kubernetes;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * The API server's service proxy,
 * {@code /api/v1/namespaces/{ns}/services/[scheme:]{name}[:{port}]/proxy/{path}}: finds
 * the Service and its port (by name or number), picks a Ready pod its selector selects
 * (what the endpoints controller would list), resolves the target port (a container port
 * by name, or a number) and relays the request to what listens there in the lab
 * ({@link PodServer}s). No such Service: 404; no such port or no ready pod: 503 as the
 * API server words it; nothing listening: 503 with the dial error. Reads the store
 * directly: it runs on the API server's event loop.
 */
final class ServiceProxy {

	private static final Pattern PATH = Pattern
		.compile("^/api/v1/namespaces/(?<ns>[^/]+)/services/(?<id>[^/]+)/proxy(?<rest>/[^?]*)?(?<query>\\?.*)?$");

	private final Function<RecordedRequest, MockResponse> store;

	private final List<PodServer> servers;

	ServiceProxy(Function<RecordedRequest, MockResponse> store, List<PodServer> servers) {
		this.store = store;
		this.servers = servers;
	}

	static boolean matches(String path) {
		return PATH.matcher(path).matches();
	}

	MockResponse forward(RecordedRequest request) {
		Matcher m = PATH.matcher(request.getPath());
		if (!m.matches()) {
			return StatusBodies.failure(404, "NotFound", "the server could not find the requested resource");
		}
		String ns = m.group("ns");
		String id = m.group("id");
		String[] parts = id.split(":");
		// [scheme:]name[:port]
		String name = (parts.length == 3) ? parts[1] : parts[0];
		String port = (parts.length == 3) ? parts[2] : (parts.length == 2) ? parts[1] : "";
		String path = ((m.group("rest") != null) ? m.group("rest") : "/")
				+ ((m.group("query") != null) ? m.group("query") : "");
		Optional<JsonNode> service = get(request, "/api/v1/namespaces/" + ns + "/services/" + name);
		if (service.isEmpty()) {
			return StatusBodies.notFound("services", name);
		}
		JsonNode servicePort = null;
		for (JsonNode candidate : service.get().path("spec").path("ports")) {
			if (port.isEmpty() || port.equals(candidate.path("name").asText())
					|| port.equals(candidate.path("port").asText())) {
				servicePort = candidate;
				break;
			}
		}
		if (servicePort == null) {
			return StatusBodies.failure(503, "ServiceUnavailable",
					"no service port \"" + port + "\" found for service \"" + name + "\"");
		}
		JsonNode selector = service.get().path("spec").path("selector");
		List<Endpoint> endpoints = new ArrayList<>();
		Optional<JsonNode> pods = get(request, "/api/v1/namespaces/" + ns + "/pods");
		for (JsonNode pod : pods.map(list -> list.path("items")).orElse(ContractCrds.json().createArrayNode())) {
			if (!selector.isEmpty() && selects(selector, pod) && ready(pod)) {
				int target = targetPort(servicePort.path("targetPort"), servicePort.path("port").asInt(), pod);
				if (target > 0) {
					endpoints.add(new Endpoint(pod, target));
				}
			}
		}
		if (endpoints.isEmpty()) {
			return StatusBodies.failure(503, "ServiceUnavailable", "no endpoints available for service \"" + id + "\"");
		}
		Endpoint endpoint = endpoints.get(0);
		Pod pod = ContractCrds.json().convertValue(endpoint.pod(), Pod.class);
		for (PodServer server : this.servers) {
			Optional<PodServer.Reply> reply = server.get(pod, endpoint.port(), path);
			if (reply.isPresent()) {
				return new MockResponse().setResponseCode(reply.get().status())
					.setHeader("Content-Type", reply.get().contentType())
					.setBody(reply.get().body());
			}
		}
		return StatusBodies.failure(503, "ServiceUnavailable", "error trying to reach service: dial tcp "
				+ pod.getMetadata().getName() + ":" + endpoint.port() + ": connect: connection refused");
	}

	private static boolean selects(JsonNode selector, JsonNode pod) {
		JsonNode labels = pod.path("metadata").path("labels");
		for (var it = selector.fields(); it.hasNext();) {
			var entry = it.next();
			if (!entry.getValue().asText().equals(labels.path(entry.getKey()).asText(null))) {
				return false;
			}
		}
		return true;
	}

	private static boolean ready(JsonNode pod) {
		if (pod.path("spec").path("nodeName").asText("").isEmpty()
				|| !pod.path("metadata").path("deletionTimestamp").isMissingNode()) {
			return false;
		}
		for (JsonNode condition : pod.path("status").path("conditions")) {
			if ("Ready".equals(condition.path("type").asText()) && "True".equals(condition.path("status").asText())) {
				return true;
			}
		}
		return false;
	}

	/** The pod's port a Service port's targetPort names; 0 when the pod has none. */
	private static int targetPort(JsonNode targetPort, int port, JsonNode pod) {
		if (targetPort.isMissingNode() || targetPort.isNull()) {
			return port;
		}
		if (targetPort.isInt()) {
			return targetPort.asInt();
		}
		for (JsonNode container : pod.path("spec").path("containers")) {
			for (JsonNode p : container.path("ports")) {
				if (targetPort.asText().equals(p.path("name").asText())) {
					return p.path("containerPort").asInt();
				}
			}
		}
		return 0;
	}

	private Optional<JsonNode> get(RecordedRequest like, String path) {
		MockResponse response = this.store.apply(CustomResourceWrites.get(like, path));
		if (response.code() != 200) {
			return Optional.empty();
		}
		try {
			return Optional.of(ContractCrds.json().readTree(CustomResourceWrites.text(response.getBody())));
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

	private record Endpoint(JsonNode pod, int port) {
	}

}
