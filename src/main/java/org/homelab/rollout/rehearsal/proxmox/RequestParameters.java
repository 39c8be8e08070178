package org.homelab.rollout.rehearsal.proxmox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;

/**
 * Parameters as pve-http-server collects them: the query string, then a form (or JSON)
 * body; repeats make arrays.
 */
final class RequestParameters {

	private RequestParameters() {
	}

	static Map<String, List<String>> read(RecordedRequest request) {
		Map<String, List<String>> params = new LinkedHashMap<>();
		HttpUrl url = request.getUrl();
		for (String name : url.queryParameterNames()) {
			for (String value : url.queryParameterValues(name)) {
				params.computeIfAbsent(name, k -> new ArrayList<>()).add((value != null) ? value : "");
			}
		}
		if (request.getBody() == null || request.getBodySize() == 0) {
			return params;
		}
		String body = request.getBody().string(StandardCharsets.UTF_8);
		String contentType = String.valueOf(request.getHeaders().get("Content-Type"));
		if (contentType.startsWith("application/json")) {
			json(body, params);
		}
		else {
			form(body, params);
		}
		return params;
	}

	private static void form(String body, Map<String, List<String>> params) {
		for (String pair : body.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int eq = pair.indexOf('=');
			String name = Percent.decodeForm((eq >= 0) ? pair.substring(0, eq) : pair);
			String value = (eq >= 0) ? Percent.decodeForm(pair.substring(eq + 1)) : "";
			params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
		}
	}

	/** PVE also takes JSON bodies; JSON booleans arrive as 1/0 there. */
	private static void json(String body, Map<String, List<String>> params) {
		try {
			JsonNode root = Answers.JSON.readTree(body);
			for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
				Map.Entry<String, JsonNode> field = it.next();
				List<String> values = new ArrayList<>();
				if (field.getValue().isArray()) {
					field.getValue().forEach(v -> values.add(scalar(v)));
				}
				else {
					values.add(scalar(field.getValue()));
				}
				params.put(field.getKey(), values);
			}
		}
		catch (IOException ex) {
			throw new PveError(400, "Parameter verification failed.", Map.of("_root", "unable to parse JSON body"));
		}
	}

	private static String scalar(JsonNode value) {
		return value.isBoolean() ? (value.asBoolean() ? "1" : "0") : value.asText();
	}

}
