package org.homelab.rollout.proxmox;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * One HTTP exchange with pve-api-daemon: path segments encoded by
 * {@link HttpUrl.Builder#addPathSegment}, parameters in the query (GET, DELETE: PVE
 * refuses a body there) or a form, the {@code data} of the answer returned and every
 * failure translated by {@link ProxmoxErrors}.
 */
final class ProxmoxHttp {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final OkHttpClient http;

	private final HttpUrl base;

	ProxmoxHttp(OkHttpClient http, HttpUrl base) {
		this.http = http;
		this.base = base;
	}

	JsonNode get(Form query, String... segments) {
		return call("GET", query, segments);
	}

	JsonNode post(Form form, String... segments) {
		return call("POST", form, segments);
	}

	JsonNode put(Form form, String... segments) {
		return call("PUT", form, segments);
	}

	JsonNode delete(Form query, String... segments) {
		return call("DELETE", query, segments);
	}

	private JsonNode call(String method, Form params, String... segments) {
		String call = method + " /" + String.join("/", segments);
		HttpUrl.Builder url = this.base.newBuilder();
		for (String segment : segments) {
			url.addPathSegment(segment);
		}
		Request.Builder request = new Request.Builder();
		if (method.equals("GET") || method.equals("DELETE")) {
			params.entries().forEach(e -> url.addQueryParameter(e.getKey(), e.getValue()));
			request.method(method, null);
		}
		else {
			FormBody.Builder form = new FormBody.Builder();
			params.entries().forEach(e -> form.add(e.getKey(), e.getValue()));
			request.method(method, form.build());
		}
		try (Response response = this.http.newCall(request.url(url.build()).build()).execute()) {
			ResponseBody body = response.body();
			String text = body.string();
			if (!response.isSuccessful()) {
				throw ProxmoxErrors.fromStatus(call, response.code(), response.message(), parameterErrors(text));
			}
			return text.isEmpty() ? JSON.nullNode() : JSON.readTree(text).path("data");
		}
		catch (IOException ex) {
			throw ProxmoxErrors.fromTransport(call, ex);
		}
	}

	private static Map<String, String> parameterErrors(String body) {
		Map<String, String> errors = new LinkedHashMap<>();
		try {
			JSON.readTree(body).path("errors").properties().forEach(e -> errors.put(e.getKey(), e.getValue().asText()));
		}
		catch (IOException ex) {
			// not JSON (a proxy's error page): the status and reason say enough
		}
		return errors;
	}

}
