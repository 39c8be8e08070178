package org.homelab.rollout.rehearsal.argocd;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Argo CD's error body, grpc-gateway's {@code runtimeError}: {@code code} (the gRPC
 * code), {@code error} and {@code message} (the same text), {@code details} (empty), with
 * the HTTP status grpc-gateway maps the code to.
 */
record RuntimeErrors(int status, String body) {

	static final int INVALID_ARGUMENT = 3;

	static final int NOT_FOUND = 5;

	static final int ALREADY_EXISTS = 6;

	static final int PERMISSION_DENIED = 7;

	static final int FAILED_PRECONDITION = 9;

	static final int INTERNAL = 13;

	static final int UNAVAILABLE = 14;

	static final int UNAUTHENTICATED = 16;

	private static final ObjectMapper JSON = new ObjectMapper();

	static Reply of(int code, String message) {
		ObjectNode body = JSON.createObjectNode();
		body.put("error", message);
		body.put("code", code);
		body.put("message", message);
		body.putArray("details");
		return new Reply(status(code), body.toString());
	}

	/** grpc-gateway's HTTPStatusFromCode. */
	static int status(int code) {
		return switch (code) {
			case INVALID_ARGUMENT, FAILED_PRECONDITION, 11 -> 400;
			case NOT_FOUND -> 404;
			case ALREADY_EXISTS, 10 -> 409;
			case PERMISSION_DENIED -> 403;
			case UNAUTHENTICATED -> 401;
			case 8 -> 429;
			case 12 -> 501;
			case UNAVAILABLE -> 503;
			case 4 -> 504;
			case 1 -> 499;
			default -> 500;
		};
	}

	/** What the lab's Argo CD answers: a status and a JSON body. */
	record Reply(int status, String body) {

		static Reply ok(Object json) {
			return new Reply(200, json.toString());
		}

	}

}
