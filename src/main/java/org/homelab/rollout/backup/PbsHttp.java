package org.homelab.rollout.backup;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * One HTTP exchange with proxmox-backup-proxy: path segments encoded by
 * {@link HttpUrl.Builder#addPathSegment}, parameters in the query (GET, DELETE) or a
 * form, the {@code data} of the answer returned and every failure translated by
 * {@link PbsErrors}. Signs each request in as {@link PbsCredentials} say; the base URL is
 * the only place a secret is ever sent (redirects are not followed).
 */
final class PbsHttp {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final OkHttpClient http;

	private final HttpUrl base;

	private final PbsCredentials credentials;

	private final int retries;

	private volatile Ticket ticket;

	private volatile String tokenHeader;

	private record Ticket(String cookie, String csrf) {

		@Override
		public String toString() {
			return "Ticket[hidden]";
		}

	}

	PbsHttp(OkHttpClient http, HttpUrl base, PbsCredentials credentials, int retries) {
		this.http = http;
		this.base = base;
		this.credentials = credentials;
		this.retries = retries;
	}

	JsonNode get(PbsForm query, String... segments) {
		return call("GET", true, query, segments);
	}

	JsonNode post(PbsForm form, String... segments) {
		return call("POST", false, form, segments);
	}

	JsonNode put(PbsForm form, String... segments) {
		return call("PUT", false, form, segments);
	}

	JsonNode delete(PbsForm query, String... segments) {
		return call("DELETE", false, query, segments);
	}

	/**
	 * Repeated at once after a transient fault PBS did not act on (503), or any transient
	 * fault of a read; the back-off beyond that is the caller's retry.
	 */
	private JsonNode call(String method, boolean idempotent, PbsForm params, String... segments) {
		for (int attempt = 0;; attempt++) {
			try {
				return callOnce(method, params, segments);
			}
			catch (PbsException ex) {
				boolean refusedBeforeActing = ex instanceof PbsApiException api && api.status() == 503;
				if (attempt >= this.retries || !ex.isTransient() || !(idempotent || refusedBeforeActing)) {
					throw ex;
				}
			}
		}
	}

	private JsonNode callOnce(String method, PbsForm params, String... segments) {
		String call = method + " /" + String.join("/", segments);
		Request.Builder request = request(method, params, segments);
		if (this.credentials.isToken()) {
			request.header("Authorization", tokenHeader());
		}
		else {
			Ticket signedIn = ticket();
			request.header("Cookie", "PBSAuthCookie=" + signedIn.cookie());
			if (!method.equals("GET")) {
				request.header("CSRFPreventionToken", signedIn.csrf());
			}
		}
		try {
			return exchange(call, request.build());
		}
		catch (PbsApiException ex) {
			if (ex.status() == 401 && !this.credentials.isToken()) {
				// the ticket expired (PBS keeps them two hours): one fresh sign-in
				this.ticket = null;
			}
			throw ex;
		}
	}

	private Request.Builder request(String method, PbsForm params, String... segments) {
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
		return request.url(url.build());
	}

	private JsonNode exchange(String call, Request request) {
		try (Response response = this.http.newCall(request).execute()) {
			String text = response.body().string();
			if (!response.isSuccessful()) {
				throw PbsErrors.fromStatus(call, response.code(), reason(text, response.message()));
			}
			return text.isEmpty() ? JSON.nullNode() : JSON.readTree(text).path("data");
		}
		catch (IOException ex) {
			throw PbsErrors.fromTransport(call, ex);
		}
	}

	private String tokenHeader() {
		String header = this.tokenHeader;
		if (header == null) {
			header = "PBSAPIToken=" + this.credentials.authId() + ":" + this.credentials.secret();
			this.tokenHeader = header;
		}
		return header;
	}

	private Ticket ticket() {
		Ticket current = this.ticket;
		if (current == null) {
			PbsForm form = new PbsForm().add("username", this.credentials.authId())
				.add("password", this.credentials.secret());
			JsonNode answer = exchange("POST /access/ticket", request("POST", form, "access", "ticket").build());
			current = new Ticket(answer.path("ticket").asText(), answer.path("CSRFPreventionToken").asText());
			this.ticket = current;
		}
		return current;
	}

	/**
	 * PBS sends its message as the body (plain text, or JSON with {@code message}); an
	 * empty body leaves the status line.
	 */
	private static String reason(String body, String statusMessage) {
		String text = body.strip();
		if (text.startsWith("{")) {
			try {
				JsonNode json = JSON.readTree(text);
				if (json.hasNonNull("message")) {
					return json.path("message").asText().strip();
				}
			}
			catch (IOException ex) {
				// not JSON after all: the text is the message
			}
		}
		return text.isEmpty() ? statusMessage : text;
	}

}
