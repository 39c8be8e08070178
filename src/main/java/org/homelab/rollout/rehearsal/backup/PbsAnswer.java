package org.homelab.rollout.rehearsal.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.homelab.rollout.rehearsal.FaultInjector;

/**
 * An answer: {@code {"data": …}} on success, else the status with PBS's message as the
 * body (proxmox-rest-server sends the error text itself).
 */
record PbsAnswer(int status, JsonNode data, String message, FaultInjector.Kind fault) {

	PbsAnswer(int status, JsonNode data, String message) {
		this(status, data, message, null);
	}

	/** A fault the dispatcher acts out instead of answering. */
	static PbsAnswer fault(FaultInjector.Kind kind) {
		return new PbsAnswer(0, null, null, kind);
	}

	static PbsAnswer ok(JsonNode data) {
		return new PbsAnswer(200, data, null);
	}

	static PbsAnswer ok(String text) {
		return ok(JsonNodeFactory.instance.textNode(text));
	}

	static PbsAnswer done() {
		return ok(JsonNodeFactory.instance.nullNode());
	}

	static PbsAnswer error(int status, String message) {
		return new PbsAnswer(status, null, message);
	}

	/** PBS's words for a missing privilege. */
	static PbsAnswer forbidden() {
		return error(403, "permission check failed");
	}

	/** A failure the proxmox-rest-server maps to 400 (PBS's {@code bail!}). */
	static PbsAnswer failed(String message) {
		return error(400, message);
	}

}
