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

	private final int retries;

	ProxmoxHttp(OkHttpClient http, HttpUrl base, int retries) {
		this.http = http;
		this.base = base;
		this.retries = retries;
	}

	JsonNode get(Form query, String... segments) {
		return call("GET", query, segments);
	}

	JsonNode post(Form form, String... segments) {
		return call("POST", form, segments);
	}

	/**
	 * A write that leaves the same state however often it is done (a file written with
	 * the same content, a ping): repeated after any transient fault, a timeout included,
	 * which a step would otherwise have to retry whole.
	 */
	JsonNode postIdempotent(Form form, String... segments) {
		return call("POST", true, form, segments);
	}

	JsonNode put(Form form, String... segments) {
		return call("PUT", form, segments);
	}

	JsonNode delete(Form query, String... segments) {
		return call("DELETE", query, segments);
	}

	/**
	 * The call, repeated at once after a transient fault PVE did not act on (or any
	 * transient fault of a read), then the caller gets the last fault. No pause here (the
	 * engine's threads never sleep): the back-off is the step's job retry.
	 */
	private JsonNode call(String method, Form params, String... segments) {
		return call(method, method.equals("GET"), params, segments);
	}

	private JsonNode call(String method, boolean idempotent, Form params, String... segments) {
		for (int attempt = 0;; attempt++) {
			try {
				return callOnce(method, params, segments);
			}
			catch (ProxmoxException ex) {
				if (attempt >= this.retries || !repeatable(idempotent, ex)) {
					throw ex;
				}
			}
		}
	}

	/**
	 * A read or an idempotent write is safe to repeat; another write only when PVE
	 * refused it before acting: 503, or a 500 for a lock it could not take. Such a write
	 * that timed out may have been done: the step, which looks first, repeats it.
	 */
	private static boolean repeatable(boolean idempotent, ProxmoxException ex) {
		if (!ex.isTransient()) {
			return false;
		}
		if (idempotent) {
			return true;
		}
		return ex instanceof ProxmoxApiException api
				&& (api.status() == 503 || (api.status() == 500 && ProxmoxErrors.transientMessage(api.reason())));
	}

	private JsonNode callOnce(String method, Form params, String... segments) {
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
