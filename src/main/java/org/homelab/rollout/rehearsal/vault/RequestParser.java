package org.homelab.rollout.rehearsal.vault;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;

/**
 * Turns an HTTP request into what Vault's router works with: the logical operation (PUT =
 * POST = write, LIST and GET ?list=true = list, with the trailing slash Vault adds), the
 * token from {@code X-Vault-Token} or {@code Authorization: Bearer}, and the JSON body.
 */
final class RequestParser {

	/**
	 * Either the request or the error Vault answers before routing (bad method,
	 * unparsable JSON).
	 */
	record Parsed(VaultRequest request, Reply error) {
	}

	private RequestParser() {
	}

	static Parsed parse(RecordedRequest recorded, HttpUrl url) {
		String method = recorded.getMethod();
		String path = String.join("/", url.pathSegments()).substring("v1/".length());
		Map<String, String> query = new LinkedHashMap<>();
		for (String name : url.queryParameterNames()) {
			query.put(name, url.queryParameter(name));
		}
		Op op = switch (method) {
			case "GET", "HEAD" -> "true".equals(query.get("list")) ? Op.LIST : Op.READ;
			case "LIST" -> Op.LIST;
			case "POST", "PUT" -> Op.WRITE;
			case "DELETE" -> Op.DELETE;
			default -> null;
		};
		if (op == null) {
			return new Parsed(null, Reply.unsupportedOperation());
		}
		if (op == Op.LIST && !path.endsWith("/")) {
			path += "/";
		}
		ObjectNode body = Json.object();
		String text = (recorded.getBody() != null) ? recorded.getBody().utf8() : "";
		if (op == Op.WRITE && !text.isBlank()) {
			try {
				JsonNode parsed = Json.MAPPER.readTree(text);
				if (!parsed.isObject()) {
					return new Parsed(null,
							Reply.badRequest("failed to parse JSON input: json: cannot unmarshal "
									+ parsed.getNodeType().name().toLowerCase()
									+ " into Go value of type map[string]interface {}"));
				}
				body = (ObjectNode) parsed;
			}
			catch (IOException ex) {
				return new Parsed(null, Reply.badRequest("failed to parse JSON input: invalid character"));
			}
		}
		VaultRequest request = new VaultRequest(method, op, path, Collections.unmodifiableMap(query), token(recorded),
				body);
		return new Parsed(request, null);
	}

	private static String token(RecordedRequest recorded) {
		String token = recorded.getHeaders().get("X-Vault-Token");
		String authorization = recorded.getHeaders().get("Authorization");
		if ((token == null || token.isEmpty()) && authorization != null && authorization.startsWith("Bearer ")) {
			token = authorization.substring("Bearer ".length()).trim();
		}
		return (token == null || token.isEmpty()) ? null : token;
	}

}
