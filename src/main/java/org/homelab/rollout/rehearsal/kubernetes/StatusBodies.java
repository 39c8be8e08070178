package org.homelab.rollout.rehearsal.kubernetes;

import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;

/** {@code Status} objects as the API server answers failures with them. */
final class StatusBodies {

	private StatusBodies() {
	}

	static MockResponse failure(int code, String reason, String message) {
		return json(code, status(code, reason, message));
	}

	/** 422 for a custom resource its CRD schema refuses, one cause per field. */
	static MockResponse invalid(CrdSchema crd, String name, List<FieldError> errors) {
		String detail = (errors.size() == 1) ? errors.get(0).line()
				: errors.stream().map(FieldError::line).collect(Collectors.joining(", ", "[", "]"));
		ObjectNode status = status(422, "Invalid", crd.qualifiedKind() + " \"" + name + "\" is invalid: " + detail);
		ObjectNode details = status.putObject("details")
			.put("name", name)
			.put("group", crd.group())
			.put("kind", crd.kind());
		ArrayNode causes = details.putArray("causes");
		errors.forEach(
				e -> causes.addObject().put("reason", e.reason()).put("message", e.message()).put("field", e.field()));
		return json(422, status);
	}

	static MockResponse notFound(String resource, String name) {
		ObjectNode status = status(404, "NotFound", resource + " \"" + name + "\" not found");
		status.putObject("details").put("name", name).put("kind", resource);
		return json(404, status);
	}

	static MockResponse json(int code, Object body) {
		return new MockResponse().setResponseCode(code)
			.setHeader("Content-Type", "application/json")
			.setBody(body.toString());
	}

	private static ObjectNode status(int code, String reason, String message) {
		ObjectNode status = JsonNodeFactory.instance.objectNode();
		status.put("kind", "Status").put("apiVersion", "v1").putObject("metadata");
		return status.put("status", "Failure").put("message", message).put("reason", reason).put("code", code);
	}

}
